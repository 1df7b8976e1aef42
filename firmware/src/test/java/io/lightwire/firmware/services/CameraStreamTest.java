package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Endpoint;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.testsupport.ManualClock;
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
  @LightwireTest(nanoClock = ManualClock.class)
  void aViewerThatAsksForALowerRateGetsOneFramePerIntervalOfTheFirmwareClock(Lightwire lw)
      throws Exception {
    ManualClock clock = (ManualClock) lw.firmware().nanoClock();
    WebSocketClient limited = lw.connect("/camera");
    WebSocketClient full = lw.connect("/camera");
    limited.sendText("{\"maxFps\":5}"); // one frame per 200 ms of the firmware's clock
    byte[] buffer = new byte[1 << 20];
    assertTrue(Lightwire.receive(limited, buffer, 5_000) > 0, "the first frame goes at once");
    AtomicInteger limitedCount = new AtomicInteger();
    AtomicInteger fullCount = new AtomicInteger();
    ReceiveLoop a = limited.startReceiveLoop(FrameCounter.counting(limitedCount));
    ReceiveLoop b = full.startReceiveLoop(FrameCounter.counting(fullCount));
    try {
      awaitMore(fullCount, 3);
      assertEquals(0, limitedCount.get(), "the clock stood still: no second frame");
      // A frame may go when it is at most half a camera period (25 ms at 20 fps) early.
      clock.advanceMillis(174);
      awaitMore(fullCount, 3);
      assertEquals(0, limitedCount.get(), "26 ms early: still none");
      clock.advanceMillis(1);
      awaitMore(fullCount, 3);
      assertEquals(1, limitedCount.get(), "one frame once the interval came");
      // Ten seconds late: the bucket keeps one interval of credit (so 30 fps asked down to 20
      // gives 20, not 15), so two frames go, not a burst of fifty; then none until time moves.
      clock.advanceMillis(10_000);
      awaitMore(fullCount, 3);
      assertEquals(3, limitedCount.get());
      awaitMore(fullCount, 3);
      assertEquals(3, limitedCount.get(), "the clock stood still again");
    } finally {
      a.stop();
      b.stop();
    }
  }

  /** Waits (real time: the emulated camera renders on the system clock) for n more frames. */
  private static void awaitMore(AtomicInteger frames, int n) throws InterruptedException {
    int target = frames.get() + n;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (frames.get() < target) {
      assertTrue(System.nanoTime() < deadline, "the full-rate viewer stopped getting frames");
      Thread.sleep(5);
    }
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
