package io.lightwire.firmware.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
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

  /** What the JDK client received: Strings for text, byte[] for binary, Integer for a close. */
  private static final class Received implements WebSocket.Listener {
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      messages.add(statusCode);
      return null;
    }

    Object next() throws InterruptedException {
      Object message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (message == null) {
        fail("nothing received within " + WAIT_SECONDS + " s");
      }
      return message;
    }
  }

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
    Received received = new Received();
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
      assertEquals("echo:hello, app", received.next());
      ws.sendText("zwei – ü", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("echo:zwei – ü", received.next());
      ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), true)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {5, 4, 3, 2, 1}, (byte[]) received.next());
      assertEquals(1, EchoProtocolApplication.opened.get(), "the application's onOpen ran");

      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(WebSocket.NORMAL_CLOSURE, received.next(), "the server answered the close");
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
              .buildAsync(echoUri(lw), new Received());
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
    Received received = new Received();
    // Not try-with-resources: HttpClient.close() waits for open WebSockets, so a failed assertion
    // with a connection still open would hang the test; shutdownNow aborts them.
    HttpClient http = HttpClient.newHttpClient();
    try {
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(echoUri(lw), received)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      ws.sendText("no origin", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals("echo:no origin", received.next());
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(received.next() instanceof Integer);
    } finally {
      http.shutdownNow();
    }
  }
}
