package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.camera.RpicamCamera;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.VirtualClock;
import io.lightwire.testsupport.ManualClock;
import io.lightwire.websock.pool.BufferPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera that cannot deliver reaches {@code camera.state} and its message, with the fix: no
 * {@code rpicam-vid}, no camera, frames larger than {@code camera.frame-bytes}. Each is one log
 * line (not one per retry, no stack trace). A fake {@code rpicam-vid} script plays the camera.
 */
class CameraFailuresTest {

  @TempDir Path dir;

  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()
              && r.getLoggerName().startsWith("io.lightwire")) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final ManualClock clock = new ManualClock();
  private CameraService service;
  private BufferPool staging;

  @BeforeEach
  void record() {
    Logger.getLogger("").addHandler(recorder);
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
      assertEquals(0, staging.inUse(), "the staging buffer went back");
    }
    Logger.getLogger("").removeHandler(recorder);
  }

  private Path bin(String name, String body) throws IOException {
    Path bin = dir.resolve("bin");
    Files.createDirectories(bin);
    if (name != null) {
      Path p = bin.resolve(name);
      Files.writeString(p, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private CameraService watch(CameraConfig config, Path bin) {
    return watch(config, bin, clock);
  }

  private CameraService watch(CameraConfig config, Path bin, LongSupplier nanoClock) {
    RpicamCamera camera =
        new RpicamCamera(
            config,
            new RpicamCamera.Options(List.of("rpicam-vid", "libcamera-vid"), List.of(bin), 20, 100),
            HalClock.system());
    staging =
        new BufferPool("camera staging", 1, config.maxFrameBytes() + JpegComment.HEADROOM, false);
    service = new CameraService(camera, staging, false, 0, nanoClock);
    service.start(null); // no WebSocket viewers here: frames never reach a server
    service.viewerJoined();
    return service;
  }

  private static void await(CameraService s, Predicate<CameraService> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.test(s) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(condition.test(s), s.state() + ": " + s.stateMessage());
  }

  private List<String> messages() {
    return warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
  }

  private long cameraWarnings() {
    return warnings.stream().filter(r -> r.getLoggerName().contains("camera")).count();
  }

  private void assertNoStackTraces() {
    for (LogRecord r : warnings) {
      assertNull(r.getThrown(), "an expected condition logs no stack trace: " + r.getMessage());
    }
  }

  @Test
  void noRpicamVidIsFailedWithTheInstallCommandAndOneLogLine() throws Exception {
    CameraService s = watch(CameraConfig.of("camera", 64, 48, 30, 80), bin(null, null));
    await(s, c -> c.state() == CameraState.FAILED);
    assertTrue(s.stateMessage().contains("sudo apt install rpicam-apps"), s.stateMessage());
    await(s, c -> c.failedStarts() == 1);
    // The capture retries after 0.5 s, then 1 s, then 2 s: not sooner, and still one line.
    long waited = 0;
    for (long backoff : new long[] {500, 1_000, 2_000}) {
      long failed = s.failedStarts();
      clock.advanceMillis(backoff - 1);
      s.clockMoved();
      Thread.sleep(20); // the retry wait looks at the clock at least every millisecond
      assertEquals(failed, s.failedStarts(), "no retry 1 ms before " + (waited + backoff) + " ms");
      clock.advanceMillis(1);
      s.clockMoved();
      await(s, c -> c.failedStarts() == failed + 1);
      waited += backoff;
    }
    assertEquals(CameraState.FAILED, s.state());
    assertEquals(1, cameraWarnings(), messages().toString());
    assertNoStackTraces();
    s.viewerLeft();
    await(s, c -> c.state() == CameraState.IDLE);
  }

  @Test
  void onTheSystemClockAFailedStartIsRetriedByItselfNoSoonerThanHalfASecond() throws Exception {
    long started = System.nanoTime();
    CameraService s =
        watch(CameraConfig.of("camera", 64, 48, 30, 80), bin(null, null), System::nanoTime);
    await(s, c -> c.failedStarts() >= 2);
    assertTrue(System.nanoTime() - started >= 500_000_000L, "the first retry waits 0.5 s");
    assertEquals(1, cameraWarnings(), messages().toString());
  }

  @Test
  void noCameraIsFailedWithWhatToCheckAndOneLogLine() throws Exception {
    Path bin = bin("rpicam-vid", "echo 'ERROR: *** no cameras available ***' >&2\nexit 255\n");
    CameraService s = watch(CameraConfig.of("camera", 64, 48, 30, 80), bin);
    await(s, c -> c.state() == CameraState.FAILED);
    assertTrue(s.stateMessage().contains("found no camera"), s.stateMessage());
    assertTrue(s.stateMessage().contains("rpicam-hello --list-cameras"), s.stateMessage());
    Thread.sleep(1_000); // restarts every 100 ms or less: still one line
    assertEquals(1, cameraWarnings(), messages().toString());
    assertNoStackTraces();
  }

  @Test
  void framesLargerThanTheFrameBytesAreFailedNamingTheKeyToRaise() throws Exception {
    Path big = dir.resolve("big.jpg");
    Files.write(big, emulatedFrame(640, 480, 100));
    assertTrue(Files.size(big) > CameraConfig.MIN_FRAME_BYTES, "a frame over 4 KiB");
    Path bin = bin("rpicam-vid", "while true; do cat " + big + "; sleep 0.05; done\n");
    CameraConfig small =
        new CameraConfig("camera", 640, 480, 20, 100, 2, CameraConfig.MIN_FRAME_BYTES, 5_000);
    CameraService s = watch(small, bin);
    await(s, c -> c.state() == CameraState.FAILED);
    String message = s.stateMessage();
    assertTrue(message.contains("larger than camera.frame-bytes (4096 bytes)"), message);
    assertTrue(message.contains("raise camera.frame-bytes"), message);
    assertNoStackTraces();
  }

  /** A real JPEG of the given size, from the emulated camera. */
  private static byte[] emulatedFrame(int width, int height, int quality) {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      Camera cam = board.openCamera(CameraConfig.of("big", width, height, 10, quality));
      cam.start();
      clock.advance(Duration.ofMillis(100));
      byte[] buffer = new byte[1 << 20];
      int n = cam.read(-1, new FrameInfo(), buffer, 0, 0);
      return java.util.Arrays.copyOf(buffer, n);
    }
  }
}
