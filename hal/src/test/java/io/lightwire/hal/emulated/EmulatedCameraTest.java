package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceClosedException;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.testing.TestJpegs;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmulatedCameraTest {

  private final VirtualClock clock = new VirtualClock();
  private final EmulatedHardware board = new EmulatedHardware(clock);
  private final byte[] buffer = new byte[256 << 10];
  private final FrameInfo info = new FrameInfo();

  @AfterEach
  void close() {
    board.close();
  }

  private Camera camera(int fps) {
    return board.openCamera(CameraConfig.of("cam", 160, 120, fps, 80));
  }

  @Test
  void framesArriveAtTheConfiguredRate() {
    Camera cam = camera(10);
    cam.start();
    clock.advance(Duration.ofSeconds(1));
    assertEquals(10, cam.framesCaptured());
    assertEquals(9 * 1, cam.read(-1, info, buffer, 0, 0) > 0 ? info.sequence() : -1);
  }

  @Test
  void eachFrameIsARealJpegCarryingItsSequenceAndCaptureTime() throws Exception {
    Camera cam = camera(25);
    cam.start();
    clock.advance(Duration.ofMillis(40));
    int len = cam.read(-1, info, buffer, 0, 0);
    assertTrue(len > 0, "read returned " + len);
    assertEquals(0, info.sequence());
    assertEquals(VirtualClock.DEFAULT_EPOCH_MICROS + 40_000, info.captureMicros());
    assertEquals(
        "lightwire seq=0 t=" + (VirtualClock.DEFAULT_EPOCH_MICROS + 40_000),
        TestJpegs.comment(buffer, 0, len));
    BufferedImage img = TestJpegs.decode(buffer, 0, len);
    assertNotNull(img);
    assertEquals(160, img.getWidth());
    assertEquals(120, img.getHeight());
  }

  @Test
  void consecutiveFramesShowMotion() throws Exception {
    Camera cam = camera(10);
    cam.start();
    clock.advance(Duration.ofMillis(100));
    int len0 = cam.read(-1, info, buffer, 0, 0);
    BufferedImage a = TestJpegs.decode(buffer, 0, len0);
    clock.advance(Duration.ofMillis(100));
    int len1 = cam.read(info.sequence(), info, buffer, 0, 0);
    assertEquals(1, info.sequence());
    BufferedImage b = TestJpegs.decode(buffer, 0, len1);
    long diff = 0;
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 160; x++) {
        diff += Math.abs(a.getRaster().getSample(x, y, 0) - b.getRaster().getSample(x, y, 0));
      }
    }
    assertTrue(diff / (160.0 * 120) > 2, "frames must visibly differ, mean diff " + diff / 19200.0);
  }

  @Test
  void aStallIsReportedAfterTheTimeoutAndRecoveryToo() {
    Camera cam = board.openCamera(new CameraConfig("cam", 64, 48, 10, 80, 3, 64 << 10, 500));
    List<String> events = new ArrayList<>();
    cam.onStall((stalled, t) -> events.add(stalled + "@" + t / 1_000_000));
    cam.start();
    clock.advance(Duration.ofMillis(200));
    board.stallCamera(true);
    clock.advance(Duration.ofMillis(1000));
    assertTrue(cam.isStalled());
    long frames = cam.framesCaptured();
    assertEquals(2, frames);
    board.stallCamera(false);
    clock.advance(Duration.ofMillis(100));
    assertFalse(cam.isStalled());
    assertEquals(List.of("true@700", "false@1300"), events);
  }

  @Test
  void readReportsTimeoutSmallBufferAndStopped() {
    Camera cam = camera(10);
    cam.start();
    assertEquals(Camera.TIMEOUT, cam.read(-1, info, buffer, 0, 0));
    clock.advance(Duration.ofMillis(100));
    assertEquals(Camera.BUFFER_TOO_SMALL, cam.read(-1, info, new byte[10], 0, 0));
    cam.stop();
    assertEquals(Camera.STOPPED, cam.read(0, info, buffer, 0, 0));
    clock.advance(Duration.ofMillis(500));
    assertEquals(1, cam.framesCaptured(), "no frames while stopped");
  }

  @Test
  void aClosedCameraIsAClearError() {
    Camera cam = camera(10);
    cam.close();
    DeviceClosedException e = assertThrows(DeviceClosedException.class, cam::start);
    assertTrue(e.getMessage().contains("camera 'cam'"), e.getMessage());
    assertNotEquals(null, board.openCamera(CameraConfig.of("cam2", 64, 48, 5, 50)));
  }

  @Test
  void theRealtimeBoardStreamsOnItsOwnThread() throws Exception {
    try (EmulatedHardware live = new EmulatedHardware()) {
      Camera cam = live.openCamera(CameraConfig.of("cam", 64, 48, 50, 80));
      cam.start();
      long seq = -1;
      for (int i = 0; i < 3; i++) {
        int len = cam.read(seq, info, buffer, 0, 2000);
        assertTrue(len > 0, "frame " + i + ": " + len);
        assertTrue(info.sequence() > seq);
        seq = info.sequence();
      }
    }
  }
}
