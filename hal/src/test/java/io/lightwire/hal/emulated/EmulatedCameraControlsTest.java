package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraControls;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.testing.TestJpegs;
import java.awt.image.BufferedImage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The emulated camera honours rotation and flips (checked on the pixels of decoded frames), changes
 * size and quality while stopped, and counts frames too large for a ring slot.
 */
class EmulatedCameraControlsTest {

  private static final int W = 160;
  private static final int H = 120;

  /** Frame 0 of a fresh board's camera with {@code controls}, decoded. */
  private static BufferedImage firstFrame(CameraControls controls) throws Exception {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      Camera cam = board.openCamera(CameraConfig.of("cam", W, H, 10, 90).withControls(controls));
      cam.start();
      clock.advance(Duration.ofMillis(100));
      byte[] buffer = new byte[256 << 10];
      int n = cam.read(-1, new FrameInfo(), buffer, 0, 0);
      assertTrue(n > 0, "frame: " + n);
      return TestJpegs.decode(buffer, 0, n);
    }
  }

  private static CameraControls controls(int rotation, boolean hflip, boolean vflip) {
    return new CameraControls(0, rotation, hflip, vflip, 0, 0, "auto", "auto", "default");
  }

  private static int grey(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xff;
  }

  /** Mean difference between {@code a} and {@code b} read mirrored as asked. */
  private static double difference(BufferedImage a, BufferedImage b, boolean lr, boolean tb) {
    long sum = 0;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int bx = lr ? W - 1 - x : x;
        int by = tb ? H - 1 - y : y;
        sum += Math.abs(grey(a, x, y) - grey(b, bx, by));
      }
    }
    return (double) sum / (W * H);
  }

  @Test
  void hflipMirrorsLeftToRightVflipTopToBottomAndRotation180Both() throws Exception {
    BufferedImage upright = firstFrame(CameraControls.DEFAULTS);
    // The scene is not symmetric, so a mirrored picture is far from the upright one.
    assertTrue(difference(upright, upright, true, false) > 20, "scene asymmetric left-right");
    assertTrue(difference(upright, upright, false, true) > 20, "scene asymmetric top-bottom");

    BufferedImage h = firstFrame(controls(0, true, false));
    BufferedImage v = firstFrame(controls(0, false, true));
    BufferedImage r = firstFrame(controls(180, false, false));
    BufferedImage rh = firstFrame(controls(180, true, false));
    // JPEG is lossy, but a mirrored picture encodes to mirrored blocks: a few levels at most.
    assertTrue(difference(h, upright, true, false) < 3, "hflip");
    assertTrue(difference(v, upright, false, true) < 3, "vflip");
    assertTrue(difference(r, upright, true, true) < 3, "rotation 180");
    assertTrue(difference(rh, upright, false, true) < 3, "rotation 180 + hflip = vflip");
  }

  @Test
  void reconfigureChangesSizeAndQualityForTheNextStartOnly() throws Exception {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      CameraConfig small = CameraConfig.of("cam", W, H, 10, 50);
      Camera cam = board.openCamera(small);
      cam.start();
      CameraConfig large = small.withFormat(320, 240, 5, 90);
      IllegalStateException running =
          assertThrows(IllegalStateException.class, () -> cam.reconfigure(large));
      assertTrue(running.getMessage().contains("stop the camera"), running.getMessage());
      cam.stop();
      cam.reconfigure(large);
      assertEquals(large, cam.config());
      cam.start();
      clock.advance(Duration.ofMillis(200));
      byte[] buffer = new byte[256 << 10];
      int n = cam.read(-1, new FrameInfo(), buffer, 0, 0);
      BufferedImage img = TestJpegs.decode(buffer, 0, n);
      assertEquals(320, img.getWidth());
      assertEquals(240, img.getHeight());
      assertEquals(1, cam.framesCaptured(), "5 fps over 200 ms");
      cam.stop();
      CameraConfig otherRing =
          new CameraConfig("cam", W, H, 10, 50, 8, small.maxFrameBytes(), 1000);
      IllegalArgumentException ring =
          assertThrows(IllegalArgumentException.class, () -> cam.reconfigure(otherRing));
      assertTrue(ring.getMessage().contains("ring stays"), ring.getMessage());
    }
  }

  @Test
  void framesLargerThanASlotAreDroppedAndCountedAsTooLarge() {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      Camera cam =
          board.openCamera(
              new CameraConfig("cam", 640, 480, 10, 100, 2, CameraConfig.MIN_FRAME_BYTES, 1000));
      cam.start();
      clock.advance(Duration.ofMillis(300));
      assertEquals(0, cam.framesCaptured());
      assertEquals(3, cam.framesTooLarge());
      assertEquals(3, cam.framesDropped());
    }
  }

  @Test
  void stoppedTheCameraRendersNothing() {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      Camera cam = board.openCamera(CameraConfig.of("cam", W, H, 10, 50));
      cam.start();
      clock.advance(Duration.ofMillis(300));
      cam.stop();
      long captured = cam.framesCaptured();
      clock.advance(Duration.ofSeconds(5));
      assertEquals(captured, cam.framesCaptured());
      assertEquals(Camera.STOPPED, cam.read(-1, new FrameInfo(), new byte[1 << 16], 0, 0));
    }
  }
}
