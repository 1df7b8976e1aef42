package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.ReceiveLoop;
import io.lightwire.websock.client.WebSocketClient;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The camera path allocates nothing per frame in steady state, on the capture thread ({@code
 * lightwire-camera}: ring read, comment check, broadcast hand-off) and on the service thread
 * ({@code lightwire-service}: dispatch with the per-viewer filter, writes to every viewer).
 * Measured with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, as websock's
 * AllocationTest does, with two viewers reading, one of them rate limited.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=30"})
class CameraAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int WARM_UP_FRAMES = 60;
  private static final int MEASURED_FRAMES = 60;
  private static final int ROUNDS = 5;

  @Test
  void steadyStateStreamingAllocatesZeroBytesPerFrameOnCaptureAndServiceThreads(Lightwire lw)
      throws Exception {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    WebSocketClient a = lw.connect("/camera");
    WebSocketClient b = lw.connect("/camera");
    b.sendText("{\"maxFps\":10}");
    AtomicInteger received = new AtomicInteger();
    ReceiveLoop la = a.startReceiveLoop(FrameCounter.counting(received));
    ReceiveLoop lb = b.startReceiveLoop(FrameCounter.counting(new AtomicInteger()));
    try {
      awaitFrames(received, WARM_UP_FRAMES);
      long capture = threadId("lightwire-camera");
      long service = threadId("lightwire-service");
      // Rounds of MEASURED_FRAMES: a cost per frame shows in every round (one object per frame is
      // at least 960 bytes a round), while a one-off cost of a loaded machine lands in one round
      // only. A whole round at zero on both threads is the proof.
      StringBuilder rounds = new StringBuilder();
      boolean zeroRound = false;
      int target = WARM_UP_FRAMES;
      for (int round = 0; round < ROUNDS && !zeroRound; round++) {
        long sent0 = lw.firmware().cameraFramesBroadcast();
        long capture0 = THREADS.getThreadAllocatedBytes(capture);
        long service0 = THREADS.getThreadAllocatedBytes(service);
        target += MEASURED_FRAMES;
        awaitFrames(received, target);
        long captureBytes = THREADS.getThreadAllocatedBytes(capture) - capture0;
        long serviceBytes = THREADS.getThreadAllocatedBytes(service) - service0;
        long frames = lw.firmware().cameraFramesBroadcast() - sent0;
        assertTrue(frames >= MEASURED_FRAMES, "frames measured: " + frames);
        rounds.append(
            String.format(
                " [%d frames: capture %d B, service %d B]", frames, captureBytes, serviceBytes));
        zeroRound = captureBytes == 0 && serviceBytes == 0;
      }
      System.out.printf("camera allocation by round:%s%n", rounds);
      assertTrue(
          zeroRound,
          "no round of "
              + MEASURED_FRAMES
              + " frames allocated zero bytes on both threads:"
              + rounds);
    } finally {
      la.stop();
      lb.stop();
    }
  }

  private static void awaitFrames(AtomicInteger received, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(received.get() >= count, "received " + received + " of " + count + " frames");
  }

  private static long threadId(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.threadId();
      }
    }
    throw new AssertionError("no thread named " + name);
  }
}
