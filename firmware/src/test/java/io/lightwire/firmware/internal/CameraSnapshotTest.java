package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.pool.BufferPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is a viewer for as long as it waits: it starts an idle camera, gets a frame captured
 * after it asked (never one from before the camera stopped), and lets the camera stop again.
 */
class CameraSnapshotTest {

  @Test
  void aSnapshotStartsAnIdleCameraForAFreshFrameAndTheCameraStopsAfterIt() throws Exception {
    try (EmulatedHardware board = new EmulatedHardware()) {
      Camera camera = board.openCamera(CameraConfig.of("camera", 160, 120, 30, 75));
      BufferPool staging =
          new BufferPool(
              "camera staging", 1, camera.config().maxFrameBytes() + JpegComment.HEADROOM, false);
      CameraService service = new CameraService(camera, staging);
      service.start(null); // no WebSocket viewers: frames never reach a server
      try {
        assertEquals(CameraState.IDLE, service.state());
        byte[] buffer = new byte[camera.config().maxFrameBytes()];
        FrameInfo info = new FrameInfo();
        int n = service.snapshot(info, buffer, 0, 5_000);
        assertTrue(n > 0, "a frame: " + n);
        long first = info.sequence();
        awaitIdle(service, camera);

        long askedAt = System.currentTimeMillis() * 1000;
        n = service.snapshot(info, buffer, 0, 5_000);
        assertTrue(n > 0, "a second frame: " + n);
        assertTrue(info.sequence() > first, "a new frame, not the one from before the stop");
        assertTrue(info.captureMicros() >= askedAt - 1_000, "captured after it was asked for");
        awaitIdle(service, camera);
        assertEquals(0, service.demand());
      } finally {
        service.close();
      }
      assertEquals(0, staging.inUse());
    }
  }

  private static void awaitIdle(CameraService service, Camera camera) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((camera.isRunning() || service.state() != CameraState.IDLE)
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(CameraState.IDLE, service.state());
    assertTrue(!camera.isRunning(), "the camera stopped after the snapshot");
  }
}
