package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.services.Frames;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A REST request whose handler is slow must not hold up the service thread: while the handler runs,
 * a camera viewer keeps getting frames and another HTTP request is answered. The handler waits for
 * the test to see both, so the check is on the order of events, not on timings: were the service
 * thread waiting for the handler, neither could happen and the handler would wait in vain.
 */
@LightwireTest(
    config = {
      "camera.width=160",
      "camera.height=120",
      "camera.fps=20",
      "streams.rest-timeout-ms=10000"
    })
class SlowRestHandlerTest {

  @Test
  void aSlowRestHandlerHoldsUpNeitherACameraViewerNorAnotherRequest(Lightwire lw) throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch othersServed = new CountDownLatch(1);
    long[] startedMicros = new long[1];
    lw.firmware()
        .streams()
        .register(
            "slow",
            Permission.READ,
            (r, reply) -> {
              startedMicros[0] = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
              events.add("handler started");
              entered.countDown();
              try {
                // Slow "work" that lasts until the others were served meanwhile (bounded below
                // the REST timeout, so a blocked service thread fails the test, not hangs it).
                othersServed.await(8, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              events.add("handler done");
              reply.packer().packString("finally");
            });
    WebSocketClient viewer = lw.connect("/camera");
    byte[] frame = new byte[1 << 20];
    assertTrue(Lightwire.receive(viewer, frame, 5_000) > 0, "the viewer gets frames at all");
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      CompletableFuture<HttpResponse<String>> slow =
          http.sendAsync(get(lw.baseUri().resolve("/streams/slow")), BodyHandlers.ofString());
      assertTrue(entered.await(5, TimeUnit.SECONDS), "the slow handler started");

      // Meanwhile: two camera frames captured after the handler started (older ones may have
      // been on their way already), and a status page.
      int fresh = 0;
      for (int i = 0; i < 200 && fresh < 2; i++) {
        int n = Lightwire.receive(viewer, frame, 5_000);
        assertTrue(n > 0, "frame " + i);
        Frames.Comment comment = Frames.comment(frame, n);
        if (comment != null && comment.captureMicros() > startedMicros[0]) {
          fresh++;
          events.add("frame");
        }
      }
      HttpResponse<String> status =
          http.send(get(lw.baseUri().resolve("/status")), BodyHandlers.ofString());
      assertEquals(200, status.statusCode());
      events.add("status page");
      othersServed.countDown();

      HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals("\"finally\"", answer.body());
      events.add("slow answer");
    }
    assertEquals(
        List.of("handler started", "frame", "frame", "status page", "handler done", "slow answer"),
        events);
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
  }
}
