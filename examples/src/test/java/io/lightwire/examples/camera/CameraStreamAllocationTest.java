package io.lightwire.examples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.device.RunningExample;
import io.lightwire.examples.support.Pools;
import io.lightwire.testsupport.JdkPeer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example's capture path allocates nothing per frame: the application thread (timer, camera
 * read into the staging buffer, broadcast) and the service thread (writing the frame to two pages),
 * measured with {@code ThreadMXBean#getThreadAllocatedBytes} over 60 frames after a warm-up. One
 * object per frame would be at least 16 bytes x 60 frames per thread.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraStreamAllocationTest {

  private static final int WARM_UP_FRAMES = 60;
  private static final int MEASURED_FRAMES = 60;

  /** A frame-sized object per frame would be far above this; JIT and timer noise stays below. */
  private static final long LIMIT_BYTES = 512;

  @Test
  void theCaptureAndBroadcastAllocateNothingPerFrame() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (RunningExample<CameraStream> running =
        CameraStreamExampleTest.start("--width", "320", "--height", "240", "--fps", "30")) {
      int port = CameraStreamExampleTest.port(running);
      CameraStream stream = running.value();
      try (JdkPeer first = JdkPeer.connect("ws://127.0.0.1:" + port + "/stream");
          JdkPeer second = JdkPeer.connect("ws://127.0.0.1:" + port + "/stream")) {
        Thread app = only("lightwire-app");
        Thread service = only("lightwire-service");
        awaitSent(stream, WARM_UP_FRAMES);
        long sentBefore = stream.framesSent();
        long appBefore = threads.getThreadAllocatedBytes(app.threadId());
        long serviceBefore = threads.getThreadAllocatedBytes(service.threadId());
        awaitSent(stream, sentBefore + MEASURED_FRAMES);
        long appBytes = threads.getThreadAllocatedBytes(app.threadId()) - appBefore;
        long serviceBytes = threads.getThreadAllocatedBytes(service.threadId()) - serviceBefore;
        long frames = stream.framesSent() - sentBefore;
        System.out.printf(
            "camera-stream: %d frames to 2 pages: application thread %d bytes, service thread %d"
                + " bytes allocated%n",
            frames, appBytes, serviceBytes);
        assertTrue(appBytes <= LIMIT_BYTES, "application thread allocated " + appBytes + " bytes");
        assertTrue(
            serviceBytes <= LIMIT_BYTES, "service thread allocated " + serviceBytes + " bytes");
        assertTrue(first.next() != null && second.next() != null);
      }
      assertEquals(0, running.terminate());
      Pools.assertAllFree(stream.pools());
    }
  }

  private static Thread only(String name) {
    List<Thread> found =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name) && t.isAlive())
            .toList();
    assertEquals(1, found.size(), "one live thread named " + name + ": " + found);
    return found.getFirst();
  }

  private static void awaitSent(CameraStream stream, long frames) throws InterruptedException {
    for (int i = 0; i < 2_000 && stream.framesSent() < frames; i++) {
      Thread.sleep(10);
    }
    assertTrue(stream.framesSent() >= frames, "sent " + stream.framesSent() + " of " + frames);
  }
}
