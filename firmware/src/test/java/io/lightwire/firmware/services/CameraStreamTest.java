package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Endpoint;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.ReceiveLoop;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@code /camera} endpoint contract, checked with our client on the emulated camera. */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=20"})
class CameraStreamTest {

  private static final int FRAMES = 10;

  @Test
  void eachMessageIsOneWholeJpegWithTheCommentAndSequenceNumbersRise(
      @Endpoint("/camera") WebSocketClient viewer) throws Exception {
    byte[] buffer = new byte[1 << 20];
    long last = -1;
    for (int i = 0; i < FRAMES; i++) {
      int n = Lightwire.receive(viewer, buffer, 5_000);
      assertTrue(n > 0, "frame " + i + " arrived");
      assertTrue(Frames.isWholeJpeg(buffer, n), "SOI..EOI");
      Frames.Comment c = Frames.comment(buffer, n);
      assertNotNull(c, "lightwire COM segment");
      assertTrue(c.seq() > last, "sequence rises: " + c.seq() + " after " + last);
      long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      long ageMicros = nowMicros - c.captureMicros();
      // The capture time is on the epoch-microsecond scale: in the past (1 ms of slack for the
      // two clock reads' granularity) and not from some other epoch.
      assertTrue(
          ageMicros > -1_000 && ageMicros < 60_000_000L, "capture time " + c.captureMicros());
      last = c.seq();
    }
  }

  @Test
  @LightwireTest(
      config = {"camera.width=1024", "camera.height=768", "camera.quality=100", "camera.fps=5"})
  void framesLargerThanTheFrameLimitArriveAsFragmentsOfAtMost0xFFFF(
      @Endpoint("/camera") WebSocketClient viewer) throws Exception {
    byte[] buffer = new byte[1 << 20];
    MessageHeader header = new MessageHeader();
    int messages = 0;
    int frames = 0;
    int length = 0;
    int largest = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (messages < 3 && System.nanoTime() < deadline) {
      int n = viewer.recv(header, buffer, length, buffer.length - length, 1_000);
      if (n < 0) {
        continue;
      }
      assertEquals(WebSocketProtocol.OPCODE_BINARY, header.messageType());
      assertTrue(header.payloadLength() <= 0xFFFF, "frame of " + header.payloadLength());
      length += n;
      if (header.remaining() == 0) {
        frames++; // the end of one WebSocket frame
      }
      if (header.endOfMessage()) {
        assertTrue(Frames.isWholeJpeg(buffer, length));
        largest = Math.max(largest, length);
        messages++;
        length = 0;
      }
    }
    assertEquals(3, messages);
    assertTrue(largest > 0xFFFF, "the test needs frames over 64 KiB; largest " + largest);
    assertTrue(frames > messages, "some messages came in several frames");
  }

  @Test
  void aViewerThatAsksForALowerRateGetsFewerFramesThanOneThatDoesNot(Lightwire lw)
      throws Exception {
    WebSocketClient limited = lw.connect("/camera");
    WebSocketClient full = lw.connect("/camera");
    limited.sendText("{\"maxFps\":5}");
    byte[] buffer = new byte[1 << 20];
    assertTrue(Lightwire.receive(limited, buffer, 5_000) > 0);
    AtomicInteger limitedCount = new AtomicInteger();
    AtomicInteger fullCount = new AtomicInteger();
    ReceiveLoop a = limited.startReceiveLoop(FrameCounter.counting(limitedCount));
    ReceiveLoop b = full.startReceiveLoop(FrameCounter.counting(fullCount));
    // Count what each viewer gets over the same stretch: about 3 s of a 20 fps camera.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < end && fullCount.get() < 60) {
      Thread.sleep(50);
    }
    a.stop();
    b.stop();
    assertTrue(limitedCount.get() > 0, "the limited viewer still gets frames");
    assertTrue(
        limitedCount.get() * 2 < fullCount.get(),
        "5 fps asked of a 20 fps camera: " + limitedCount + " vs " + fullCount + " frames");
  }

  @Test
  void aBadControlMessageClosesTheViewerWithPolicyViolation(
      @Endpoint("/camera") WebSocketClient viewer) throws Exception {
    viewer.sendText("{\"maxFps\":\"fast\"}");
    byte[] buffer = new byte[1 << 20];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (viewer.status() == null && System.nanoTime() < deadline) {
      Lightwire.receive(viewer, buffer, 200);
    }
    assertNotNull(viewer.status(), "closed by the server");
    assertEquals(1008, viewer.status().code());
  }
}
