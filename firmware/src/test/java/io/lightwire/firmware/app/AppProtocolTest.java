package io.lightwire.firmware.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.JdkMessages;
import io.lightwire.websock.pool.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An application's own WebSocket protocol, registered with {@code AppSetup.protocol}, served on the
 * firmware's server to an independent client (the JDK's {@code java.net.http.WebSocket}): messages
 * reach the application's handler and its answers come back; the same-origin default refuses a page
 * of another site with 403; every pool is back where it was once the client has gone.
 */
@LightwireTest(application = EchoProtocolApplication.class, config = "camera.enabled=false")
class AppProtocolTest {

  private static final long WAIT_SECONDS = 5;

  private static URI echoUri(Lightwire lw) {
    return URI.create("ws://127.0.0.1:" + lw.port() + "/echo");
  }

  private static int[] inUse(Lightwire lw) {
    List<Pool> pools = lw.firmware().pools();
    int[] counts = new int[pools.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = pools.get(i).inUse();
    }
    return counts;
  }

  private static String describe(Lightwire lw) {
    List<String> parts = new ArrayList<>();
    for (Pool p : lw.firmware().pools()) {
      parts.add(p.name() + "=" + p.inUse());
    }
    return String.join(", ", parts);
  }

  @Test
  void theJdkClientExchangesMessagesWithTheApplicationsHandlerAndThePoolsComeBack(Lightwire lw)
      throws Exception {
    int[] before = inUse(lw);
    int slotsBefore = lw.firmware().pools().get(0).inUse();
    JdkMessages received = new JdkMessages();
    // Not try-with-resources: HttpClient.close() waits for open WebSockets, so a failed assertion
    // with a connection still open would hang the test; shutdownNow aborts them.
    HttpClient http = HttpClient.newHttpClient();
    try {
      WebSocket ws =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
              // a page the device served itself: same origin as the Host the client sends
              .header("Origin", "http://127.0.0.1:" + lw.port())
              .buildAsync(echoUri(lw), received)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(
          slotsBefore + 1,
          lw.firmware().pools().get(0).inUse(),
          "the connection holds a slot: " + describe(lw));

      ws.sendText("hello, app", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("echo:hello, app", received.next(WAIT_SECONDS));
      ws.sendText("zwei – ü", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("echo:zwei – ü", received.next(WAIT_SECONDS));
      ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), true)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {5, 4, 3, 2, 1}, (byte[]) received.next(WAIT_SECONDS));
      assertEquals(1, EchoProtocolApplication.opened.get(), "the application's onOpen ran");

      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("close 1000", received.next(WAIT_SECONDS), "the server answered the close");
    } finally {
      http.shutdownNow();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!java.util.Arrays.equals(before, inUse(lw)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertArrayEquals(before, inUse(lw), "pools after the client left: " + describe(lw));
    assertEquals(1, EchoProtocolApplication.closed.get(), "the application's onClose ran");
  }

  @Test
  void theSameOriginDefaultRefusesAnotherSitesPageWith403(Lightwire lw) throws Exception {
    int[] before = inUse(lw);
    // Not try-with-resources: HttpClient.close() waits for open WebSockets, so a failed assertion
    // with a connection still open would hang the test; shutdownNow aborts them.
    HttpClient http = HttpClient.newHttpClient();
    try {
      CompletableFuture<WebSocket> attempt =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
              .header("Origin", "http://evil.example")
              .buildAsync(echoUri(lw), new JdkMessages());
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> attempt.get(WAIT_SECONDS, TimeUnit.SECONDS));
      WebSocketHandshakeException refused =
          assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
      assertEquals(403, refused.getResponse().statusCode());
    } finally {
      http.shutdownNow();
    }
    assertEquals(0, EchoProtocolApplication.opened.get(), "the handler never saw the evil page");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!java.util.Arrays.equals(before, inUse(lw)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertArrayEquals(before, inUse(lw), "pools after the refusal: " + describe(lw));
  }

  @Test
  void aProgramWithoutOriginMayConnect(Lightwire lw) throws Exception {
    JdkMessages received = new JdkMessages();
    // Not try-with-resources: HttpClient.close() waits for open WebSockets, so a failed assertion
    // with a connection still open would hang the test; shutdownNow aborts them.
    HttpClient http = HttpClient.newHttpClient();
    try {
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(echoUri(lw), received)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      ws.sendText("no origin", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("echo:no origin", received.next(WAIT_SECONDS));
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("close 1000", received.next(WAIT_SECONDS));
    } finally {
      http.shutdownNow();
    }
  }
}
