package io.lightwire.hal.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraControls;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.testing.TestJpegs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rpicam camera against a fake {@code rpicam-vid} written by the test: a shell script that
 * records its arguments, writes real JPEGs with garbage between them and a truncated frame, says
 * something on stderr, crashes; the second run streams on.
 */
class RpicamCameraTest {

  @TempDir Path dir;

  private final CameraConfig config = new CameraConfig("cam", 64, 48, 30, 85, 4, 64 << 10, 400);

  private Path script(String name, String body) throws IOException {
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private RpicamCamera camera(Path bin) {
    return new RpicamCamera(
        config,
        new RpicamCamera.Options(List.of("rpicam-vid", "libcamera-vid"), List.of(bin), 50, 200),
        HalClock.system());
  }

  private void fixtures() throws IOException {
    Files.write(dir.resolve("f1.jpg"), Jpegs.frame(1, 64, 48));
    Files.write(dir.resolve("f2.jpg"), Jpegs.frame(2, 64, 48));
    Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(Jpegs.frame(3, 64, 48), 300));
    Files.write(dir.resolve("f4.jpg"), Jpegs.frame(4, 64, 48));
    Files.write(dir.resolve("f5.jpg"), Jpegs.frame(5, 64, 48));
    Files.write(dir.resolve("junk"), new byte[] {0x13, (byte) 0xff, 0x00, 0x42});
  }

  @Test
  void framesFlowThroughGarbageATruncatedFrameAndACrash() throws Exception {
    fixtures();
    String d = dir.toString();
    Path bin =
        script(
            "rpicam-vid",
            "echo \"$@\" > "
                + d
                + "/args\n"
                + "if [ ! -f "
                + d
                + "/ran ]; then\n"
                + "  touch "
                + d
                + "/ran\n"
                + "  echo 'fake rpicam: first run' >&2\n"
                + "  cat "
                + d
                + "/junk "
                + d
                + "/f1.jpg "
                + d
                + "/junk "
                + d
                + "/f2.jpg "
                + d
                + "/cut.jpg\n"
                + "  exit 3\n"
                + "fi\n"
                + "cat "
                + d
                + "/f4.jpg "
                + d
                + "/junk "
                + d
                + "/f5.jpg\n"
                + "sleep 30\n");
    try (RpicamCamera cam = camera(bin)) {
      cam.start();
      // A reader gets the newest frame; it may skip one that was overtaken, never reorder.
      List<String> comments = new ArrayList<>();
      FrameInfo info = new FrameInfo();
      byte[] buf = new byte[64 << 10];
      long seq = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!comments.contains("lightwire seq=5 t=1005") && System.nanoTime() < deadline) {
        int len = cam.read(seq, info, buf, 0, 200);
        if (len > 0) {
          comments.add(TestJpegs.comment(buf, 0, len));
          seq = info.sequence();
        }
      }
      assertEquals("lightwire seq=5 t=1005", comments.getLast(), comments.toString());
      assertEquals(4, cam.framesCaptured(), comments.toString());
      List<String> sorted = new ArrayList<>(comments);
      sorted.sort(null);
      assertEquals(sorted, comments, "in order");
      assertTrue(!comments.contains("lightwire seq=3 t=1003"), "the truncated frame never shows");
      assertEquals(1, cam.framesDropped(), "the truncated frame");
      assertTrue(cam.restarts() >= 1);
      assertEquals(
          "-t 0 -n --codec mjpeg --camera 0 --width 64 --height 48 --framerate 30 -q 85 -o -",
          Files.readString(dir.resolve("args")).trim());
      assertTrue(cam.stderrLines() >= 1, "stderr went to the log");
    }
  }

  @Test
  void aMissingBinaryIsAClearErrorNamingIt() {
    RpicamCamera cam = camera(dir.resolve("empty"));
    DeviceIoException e = assertThrows(DeviceIoException.class, cam::start);
    assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
    assertTrue(
        e.getMessage().contains("rpicam-vid") && e.getMessage().contains("libcamera-vid"),
        e.getMessage());
    cam.close();
  }

  @Test
  void libcameraVidIsTheFallback() throws Exception {
    fixtures();
    Path bin = script("libcamera-vid", "cat " + dir + "/f1.jpg\nsleep 30\n");
    try (RpicamCamera cam = camera(bin)) {
      assertTrue(cam.binary().endsWith("libcamera-vid"));
      cam.start();
      FrameInfo info = new FrameInfo();
      assertTrue(cam.read(-1, info, new byte[64 << 10], 0, 5000) > 0);
    }
  }

  @Test
  void aSilentCameraIsReportedStalledAndStopEndsTheProcess() throws Exception {
    Path bin = script("rpicam-vid", "sleep 30\n");
    try (RpicamCamera cam = camera(bin)) {
      LinkedBlockingQueue<Boolean> stalls = new LinkedBlockingQueue<>();
      cam.onStall((stalled, t) -> stalls.add(stalled));
      cam.start();
      assertEquals(Boolean.TRUE, stalls.poll(5, TimeUnit.SECONDS));
      assertTrue(cam.isStalled());
      long start = System.nanoTime();
      cam.stop();
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      assertEquals(Camera.STOPPED, cam.read(-1, new FrameInfo(), new byte[16], 0, 100));
    }
  }

  @Test
  void theCommandLineCarriesEveryControlWithRpicamVidsOwnOptionNames() {
    CameraControls controls =
        new CameraControls(1, 180, true, true, 20_000, 2.5, "daylight", "cdn_fast", "continuous");
    RpicamCamera cam =
        new RpicamCamera(
            config.withControls(controls),
            new RpicamCamera.Options(List.of("rpicam-vid"), List.of(dir), 50, 200),
            HalClock.system());
    try {
      assertEquals(
          List.of(
              "/usr/bin/rpicam-vid",
              "-t",
              "0",
              "-n",
              "--codec",
              "mjpeg",
              "--camera",
              "1",
              "--width",
              "64",
              "--height",
              "48",
              "--framerate",
              "30",
              "-q",
              "85",
              "--rotation",
              "180",
              "--hflip",
              "--vflip",
              "--shutter",
              "20000us",
              "--gain",
              "2.5",
              "--awb",
              "daylight",
              "--denoise",
              "cdn_fast",
              "--autofocus-mode",
              "continuous",
              "-o",
              "-"),
          cam.command(Path.of("/usr/bin/rpicam-vid")));
    } finally {
      cam.close();
    }
  }

  @Test
  void reconfigureChangesTheNextCommandLineOnlyWhileStopped() throws Exception {
    Path bin = script("rpicam-vid", "sleep 30\n");
    try (RpicamCamera cam = camera(bin)) {
      cam.start();
      assertThrows(
          IllegalStateException.class, () -> cam.reconfigure(config.withFormat(32, 32, 5, 50)));
      cam.stop();
      cam.reconfigure(config.withFormat(320, 240, 15, 60));
      assertEquals(
          List.of("--width", "320", "--height", "240", "--framerate", "15", "-q", "60"),
          cam.command(Path.of("rpicam-vid")).subList(8, 16));
    }
  }

  @Test
  void noCameraIsAFailureThatSaysWhatToCheck() throws Exception {
    Path bin =
        script(
            "rpicam-vid",
            "echo '[0:00:00.1] INFO Camera camera_manager.cpp:327 libcamera v0.3.0' >&2\n"
                + "echo 'ERROR: *** no cameras available ***' >&2\n"
                + "exit 255\n");
    try (RpicamCamera cam = camera(bin)) {
      cam.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cam.failure() == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      String failure = cam.failure();
      assertTrue(failure != null && failure.contains("found no camera"), String.valueOf(failure));
      assertTrue(failure.contains("rpicam-hello --list-cameras"), failure);
      assertEquals(0, cam.framesCaptured());
      cam.stop();
      assertEquals(null, cam.failure(), "a stopped camera has no failure");
    }
  }

  @Test
  void aProcessThatEndsBeforeItsFirstFrameIsAFailureQuotingItsLastWords() throws Exception {
    Path bin =
        script("rpicam-vid", "echo 'ERROR: *** unrecognised option --bogus ***' >&2\nexit 1\n");
    try (RpicamCamera cam = camera(bin)) {
      cam.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cam.failure() == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      String failure = String.valueOf(cam.failure());
      assertTrue(failure.contains("exited with code 1 before its first frame"), failure);
      assertTrue(failure.contains("unrecognised option --bogus"), failure);
    }
  }

  @Test
  void framesLargerThanASlotAreDroppedAndCountedAsTooLarge() throws Exception {
    Files.write(dir.resolve("big.jpg"), Jpegs.frame(1, 640, 480));
    assertTrue(Files.size(dir.resolve("big.jpg")) > CameraConfig.MIN_FRAME_BYTES);
    Path bin = script("rpicam-vid", "cat " + dir + "/big.jpg " + dir + "/big.jpg\nsleep 30\n");
    CameraConfig small =
        new CameraConfig("cam", 640, 480, 30, 85, 2, CameraConfig.MIN_FRAME_BYTES, 400);
    try (RpicamCamera cam =
        new RpicamCamera(
            small,
            new RpicamCamera.Options(List.of("rpicam-vid"), List.of(bin), 50, 200),
            HalClock.system())) {
      cam.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cam.framesTooLarge() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, cam.framesTooLarge());
      assertEquals(0, cam.framesCaptured());
    }
  }
}
