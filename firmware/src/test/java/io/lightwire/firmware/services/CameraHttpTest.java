package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /camera.mjpg} and {@code /camera.jpg} on the emulated camera: the stream's framing, the
 * snapshot, {@code ?fps}, bad queries, the status entries and the slot limit. The harness checks
 * every pool is back to zero after each test.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=20"})
class CameraHttpTest {

  private static final String BOUNDARY = "lightwire-frame";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeClient() {
    http.close();
  }

  private HttpResponse<byte[]> get(Lightwire lw, String target, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lw.port() + target))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theStreamIsOnePartPerFrameEachAWholeJpegWithItsLengthAndComment(Lightwire lw)
      throws Exception {
    try (MjpegReader stream = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      String head = stream.head();
      assertEquals(200, MjpegReader.status(head), head);
      assertEquals(
          "multipart/x-mixed-replace;boundary=" + BOUNDARY,
          MjpegReader.header(head, "Content-Type"));
      assertEquals("no-store", MjpegReader.header(head, "Cache-Control"));
      assertNull(MjpegReader.header(head, "Content-Length"), head);
      long last = -1;
      for (int i = 0; i < 10; i++) {
        MjpegReader.Part part = stream.next(BOUNDARY);
        assertEquals("image/jpeg", MjpegReader.header(part.headers(), "Content-Type"));
        byte[] jpeg = part.jpeg();
        assertTrue(Frames.isWholeJpeg(jpeg, jpeg.length), "SOI..EOI");
        Frames.Comment c = Frames.comment(jpeg, jpeg.length);
        assertNotNull(c, "the lightwire COM segment");
        assertTrue(c.seq() > last, "sequence rises: " + c.seq() + " after " + last);
        last = c.seq();
      }
    }
  }

  @Test
  void theSnapshotIsOneWholeFrameWithTheCommentAndNoStore(Lightwire lw) throws Exception {
    HttpResponse<byte[]> response = get(lw, "/camera.jpg");
    assertEquals(200, response.statusCode());
    assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    byte[] jpeg = response.body();
    assertTrue(Frames.isWholeJpeg(jpeg, jpeg.length));
    Frames.Comment first = Frames.comment(jpeg, jpeg.length);
    assertNotNull(first);
    byte[] again = get(lw, "/camera.jpg").body();
    Frames.Comment second = Frames.comment(again, again.length);
    assertTrue(second.seq() > first.seq(), "a later snapshot is a newer frame");
  }

  @Test
  void unknownParametersAndBadFpsGet400WithTheReason(Lightwire lw) throws Exception {
    HttpResponse<byte[]> unknown = get(lw, "/camera.mjpg?size=big");
    assertEquals(400, unknown.statusCode());
    assertEquals(
        "unknown query parameter 'size' (allowed: fps, token)\n", new String(unknown.body()));
    for (String fps : new String[] {"abc", "-1", "1001", "", "2.5"}) {
      HttpResponse<byte[]> bad = get(lw, "/camera.mjpg?fps=" + fps);
      assertEquals(400, bad.statusCode(), "fps=" + fps);
      assertEquals(
          "fps '" + fps + "' is not a whole number in [0, 1000]\n", new String(bad.body()));
    }
    HttpResponse<byte[]> snapshotFps = get(lw, "/camera.jpg?fps=5");
    assertEquals(400, snapshotFps.statusCode());
    assertEquals(
        "unknown query parameter 'fps' (allowed: token)\n", new String(snapshotFps.body()));
    try (MjpegReader badEscape = new MjpegReader(lw.port(), "/camera.mjpg?fps=%zz", "")) {
      assertEquals(400, MjpegReader.status(badEscape.head()), "a bad escape");
    }
    assertEquals(
        405,
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lw.port() + "/camera.jpg"))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode());
  }

  @Test
  void eachHttpViewerIsInTheStatusWithItsCountsAndFpsLimitsItsRate(Lightwire lw) throws Exception {
    try (MjpegReader limited = new MjpegReader(lw.port(), "/camera.mjpg?fps=5", "");
        MjpegReader full = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      limited.head();
      full.head();
      int fullParts = 0;
      int limitedParts = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < end) {
        full.next(BOUNDARY);
        fullParts++;
      }
      // The limited viewer's parts waited in its socket meanwhile; count what came.
      long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      while (System.nanoTime() < drainEnd && limitedParts < 100) {
        limited.next(BOUNDARY);
        limitedParts++;
      }
      String status = new String(get(lw, "/status").body());
      assertTrue(status.contains("\"httpViewers\":["), status);
      Matcher viewer =
          Pattern.compile(
                  "\\{\"remote\":\"[^\"]+\",\"maxFps\":5,\"framesSent\":(\\d+),\"framesDropped\":"
                      + "(\\d+),\"framesSkippedForRate\":(\\d+)\\}")
              .matcher(status);
      assertTrue(viewer.find(), status);
      assertTrue(Long.parseLong(viewer.group(1)) > 0, "frames sent counted");
      assertTrue(Long.parseLong(viewer.group(3)) > 0, "frames skipped for rate counted");
      assertTrue(status.contains("\"maxFps\":0,"), "the unlimited viewer too: " + status);
      assertTrue(
          limitedParts * 2 < fullParts,
          "5 fps asked of a 20 fps camera: " + limitedParts + " vs " + fullParts + " parts");
    }
  }

  @Test
  @LightwireTest(
      config = {
        "camera.width=160",
        "camera.height=120",
        "server.max-connections=2",
        "server.max-connections-per-address=2"
      })
  void aViewerOverTheSlotLimitGetsTheSame503AsAnyConnection(Lightwire lw) throws Exception {
    try (MjpegReader one = new MjpegReader(lw.port(), "/camera.mjpg", "");
        MjpegReader two = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      one.head();
      two.head();
      // From another address, so the per-address limit (429) is not what answers.
      try (MjpegReader three =
          new MjpegReader(
              lw.port(), "/camera.mjpg", "", java.net.InetAddress.getByName("127.0.0.2"))) {
        String head = three.head();
        assertEquals(503, MjpegReader.status(head), head);
        assertNotNull(MjpegReader.header(head, "Retry-After"), head);
      }
      one.next(BOUNDARY);
      two.next(BOUNDARY);
    }
  }

  @Test
  void theStreamAndTheWebSocketCarryTheSameFrames(Lightwire lw) throws Exception {
    var viewer = lw.connect("/camera");
    byte[] buffer = new byte[1 << 20];
    try (MjpegReader stream = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      stream.head();
      MjpegReader.Part part = stream.next(BOUNDARY);
      long seq = Frames.comment(part.jpeg(), part.jpeg().length).seq();
      // The WebSocket viewer reaches the same sequence number with the same bytes.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        int n = Lightwire.receive(viewer, buffer, 5_000);
        Frames.Comment c = Frames.comment(buffer, n);
        if (c.seq() == seq) {
          assertArrayEquals(part.jpeg(), java.util.Arrays.copyOf(buffer, n));
          return;
        }
        if (c.seq() > seq) {
          // The WebSocket started later: compare the next part instead.
          MjpegReader.Part later;
          do {
            later = stream.next(BOUNDARY);
          } while (Frames.comment(later.jpeg(), later.jpeg().length).seq() < c.seq());
          assertEquals(c.seq(), Frames.comment(later.jpeg(), later.jpeg().length).seq());
          assertArrayEquals(later.jpeg(), java.util.Arrays.copyOf(buffer, n));
          return;
        }
      }
      throw new AssertionError("the WebSocket never reached sequence " + seq);
    }
  }

  private String status(Lightwire lw) throws Exception {
    return new String(get(lw, "/status").body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private void awaitStatus(Lightwire lw, String fragment) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = status(lw);
      if (last.contains(fragment)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("/status never showed " + fragment + ": " + last);
  }

  @Test
  void streamsAndWaitingSnapshotsCountAsViewersForCaptureOnDemand(Lightwire lw) throws Exception {
    awaitStatus(lw, "\"demand\":0,");
    try (MjpegReader stream = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      stream.head();
      stream.next(BOUNDARY); // the first viewer started the camera
      String now = status(lw);
      assertTrue(now.contains("\"demand\":1,"), now);
      assertTrue(now.contains("\"state\":\"running\""), now);
    }
    awaitStatus(lw, "\"demand\":0,");
    assertEquals(200, get(lw, "/camera.jpg").statusCode());
    awaitStatus(lw, "\"demand\":0,");
  }
}
