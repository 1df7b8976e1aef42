package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.ReceiveLoop;
import io.lightwire.websock.client.WebSocketClient;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A viewer that stops reading skips frames (its queue keeps the newest) and the others get every
 * frame; {@code /status} shows each viewer's frames sent and dropped, and the application queue's
 * refusals.
 */
@LightwireTest(config = {"camera.width=320", "camera.height=240", "camera.fps=30"})
@Tag("slow")
class SlowViewerStatusTest {

  private static final Pattern DROPPED = Pattern.compile("\"framesDropped\":(\\d+)");

  @Test
  void aStalledViewerDropsFramesWhileTheOtherGetsThemAll(Lightwire lw) throws Exception {
    // The stalled viewer's socket has a tiny receive buffer, so its backlog builds up at once.
    SocketChannel channel = SocketChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    channel.connect(new InetSocketAddress("127.0.0.1", lw.port()));
    WebSocketClient stalled =
        WebSocketClient.attach(
            channel, ClientConfig.builder().host("127.0.0.1").path("/camera").build(), 0);
    WebSocketClient reader = lw.connect("/camera");
    AtomicInteger received = new AtomicInteger();
    ReceiveLoop loop = reader.startReceiveLoop(FrameCounter.counting(received));
    try (HttpClient http = HttpClient.newHttpClient()) {
      long sent0 = lw.firmware().cameraFramesBroadcast();
      int received0 = received.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String status = "";
      while (System.nanoTime() < deadline && maxDropped(status) == 0) {
        Thread.sleep(200);
        status = get(http, lw.baseUri().resolve("/status"));
      }
      assertTrue(maxDropped(status) > 0, "the stalled viewer dropped frames: " + status);
      long sent = lw.firmware().cameraFramesBroadcast() - sent0;
      Thread.sleep(300); // the last frames in flight to the reader
      int got = received.get() - received0;
      assertTrue(
          got >= sent * 0.9,
          "the reading viewer got " + got + " of " + sent + " frames while the other stalled");
      assertTrue(status.contains("\"viewers\":[{\"remote\":"), status);
      assertTrue(status.contains("\"framesSent\":"), status);
      assertTrue(
          status.contains(
              "\"state\":\"none\",\"failures\":0,\"error\":\"\",\"queueCapacity\":256,\"queueRefusals\":0"),
          status);
      assertTrue(status.contains("{\"name\":\"app timers\",\"capacity\":64,\"inUse\":1,"), status);
      assertTrue(
          status.contains("{\"name\":\"camera staging\",\"capacity\":1,\"inUse\":1,"), status);
    } finally {
      loop.stop();
      stalled.close(1000, "done", 100);
      channel.close();
    }
  }

  private static long maxDropped(String status) {
    long max = 0;
    Matcher m = DROPPED.matcher(status);
    while (m.find()) {
      max = Math.max(max, Long.parseLong(m.group(1)));
    }
    return max;
  }

  private static String get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
