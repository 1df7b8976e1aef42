package io.lightwire.hal.camera;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraControls;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.internal.DeviceRegistry;
import io.lightwire.hal.internal.RingCamera;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSI camera through {@code rpicam-vid} (or {@code libcamera-vid} on older systems) as a child
 * process writing MJPEG to stdout: {@code -t 0 -n --codec mjpeg --camera I --width W --height H
 * --framerate F -q Q}, the controls that differ from rpicam-vid's defaults ({@code --rotation 180
 * --hflip --vflip --shutter US --gain G --awb MODE --denoise MODE --autofocus-mode MODE}), then
 * {@code -o -}. The capture thread reads stdout into one preallocated buffer and an {@link
 * MjpegSplitter} copies each frame straight into the ring. When the process dies it is restarted
 * after a backoff (doubling from {@link Options#initialBackoffMillis} to {@link
 * Options#maxBackoffMillis}, reset by a delivered frame); its stderr goes to the log. A watchdog
 * reports a stall when no frame arrives within the stall timeout. A child that exits before its
 * first frame is a {@link #failure()} naming its exit code and its last stderr line (its stderr
 * goes to the debug log; the failure is logged once, not at every restart).
 */
public final class RpicamCamera extends RingCamera {

  private static final Logger LOG = LoggerFactory.getLogger(RpicamCamera.class);
  private static final int READ_BUFFER_BYTES = 64 << 10;

  /**
   * Where and how to run the camera binary.
   *
   * @param binaries names tried in order
   * @param searchPath directories searched for them
   * @param initialBackoffMillis first restart delay
   * @param maxBackoffMillis largest restart delay
   */
  public record Options(
      List<String> binaries,
      List<Path> searchPath,
      long initialBackoffMillis,
      long maxBackoffMillis) {

    /** Copies the lists. */
    public Options {
      binaries = List.copyOf(binaries);
      searchPath = List.copyOf(searchPath);
    }

    /** {@code rpicam-vid} then {@code libcamera-vid} on {@code $PATH}; backoff 250 ms .. 10 s. */
    public static Options defaults() {
      String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin");
      List<Path> dirs = new ArrayList<>();
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
      return new Options(List.of("rpicam-vid", "libcamera-vid"), dirs, 250, 10_000);
    }
  }

  /** What rpicam-vid says on stderr when it finds no camera. */
  private static final String NO_CAMERAS = "no cameras available";

  private final Options options;
  private final HalClock clock;
  private final MjpegSplitter splitter;
  private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
  private final Object lock = new Object();
  private volatile boolean running;
  private volatile long lastFrameNanos;
  private volatile String lastStderr;
  private String lastLoggedFailure;
  private volatile long restarts;
  private Process process;
  private Thread capture;
  private Thread watchdog;

  /**
   * Opens the camera (stopped); the ring is allocated here, the binary is looked for at {@link
   * #start()}.
   */
  public RpicamCamera(CameraConfig config, Options options, HalClock clock) {
    super(new DeviceRegistry("rpicam"), config, "camera '" + config.id() + "' (rpicam)");
    this.options = options;
    this.clock = clock;
    this.splitter = new MjpegSplitter(ring, clock);
  }

  /** Opens rpicam cameras with {@link Options#defaults()} on the system clock. */
  public static Function<CameraConfig, Camera> factory() {
    return c -> new RpicamCamera(c, Options.defaults(), HalClock.system());
  }

  /**
   * The binary to run.
   *
   * @throws DeviceIoException {@link DeviceIoException.Reason#NOT_FOUND} naming every binary and
   *     directory tried
   */
  Path binary() {
    for (String name : options.binaries()) {
      for (Path dir : options.searchPath()) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new DeviceIoException(
        DeviceIoException.Reason.NOT_FOUND,
        description()
            + ": none of "
            + options.binaries()
            + " found on "
            + options.searchPath()
            + "; install rpicam-apps (sudo apt install rpicam-apps)");
  }

  /** The command line for {@code binary}: the controls that differ from rpicam-vid's defaults. */
  List<String> command(Path binary) {
    CameraConfig config = config();
    CameraControls c = config.controls();
    List<String> args = new ArrayList<>();
    args.add(binary.toString());
    args.addAll(List.of("-t", "0", "-n", "--codec", "mjpeg"));
    args.addAll(List.of("--camera", Integer.toString(c.index())));
    args.addAll(List.of("--width", Integer.toString(config.width())));
    args.addAll(List.of("--height", Integer.toString(config.height())));
    args.addAll(List.of("--framerate", Integer.toString(config.frameRate())));
    args.addAll(List.of("-q", Integer.toString(config.quality())));
    if (c.rotation() != 0) {
      args.addAll(List.of("--rotation", Integer.toString(c.rotation())));
    }
    if (c.hflip()) {
      args.add("--hflip");
    }
    if (c.vflip()) {
      args.add("--vflip");
    }
    if (c.shutterMicros() > 0) {
      args.addAll(List.of("--shutter", c.shutterMicros() + "us"));
    }
    if (c.gain() > 0) {
      args.addAll(List.of("--gain", String.format(Locale.ROOT, "%s", c.gain())));
    }
    if (!c.awb().equals(CameraControls.DEFAULTS.awb())) {
      args.addAll(List.of("--awb", c.awb()));
    }
    if (!c.denoise().equals(CameraControls.DEFAULTS.denoise())) {
      args.addAll(List.of("--denoise", c.denoise()));
    }
    if (!c.autofocusMode().equals(CameraControls.DEFAULTS.autofocusMode())) {
      args.addAll(List.of("--autofocus-mode", c.autofocusMode()));
    }
    args.addAll(List.of("-o", "-"));
    return List.copyOf(args);
  }

  @Override
  public void start() {
    synchronized (lock) {
      ensureOpen();
      if (running) {
        return;
      }
      Path binary = binary();
      running = true;
      clearStall();
      failure(null);
      lastStderr = null;
      lastFrameNanos = clock.nanos();
      ring.setRunning(true);
      capture =
          Thread.ofPlatform()
              .daemon()
              .name("lightwire-camera-" + id())
              .start(() -> captureLoop(binary));
      watchdog =
          Thread.ofPlatform().daemon().name("lightwire-camera-watchdog").start(this::watchdogLoop);
    }
  }

  private void captureLoop(Path binary) {
    long backoff = options.initialBackoffMillis();
    while (running) {
      long framesBefore = splitter.frames();
      Process p;
      try {
        p = new ProcessBuilder(command(binary)).start();
        p.getOutputStream().close();
      } catch (IOException e) {
        failure("cannot start " + binary + ": " + e.getMessage());
        logFailureOnce(backoff);
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(backoff * 2, options.maxBackoffMillis());
        continue;
      }
      synchronized (lock) {
        process = p;
      }
      Thread stderr = logStderr(p);
      try (InputStream in = p.getInputStream()) {
        int n;
        long tooLargeSeen = splitter.tooLarge();
        while (running && (n = in.read(readBuffer)) > 0) {
          if (splitter.feed(readBuffer, 0, n) > 0) {
            lastFrameNanos = clock.nanos();
            failure(null);
            stalled(false, lastFrameNanos);
          }
          while (tooLargeSeen < splitter.tooLarge()) {
            tooLargeSeen++;
            tooLarge();
          }
        }
      } catch (IOException e) {
        if (running) {
          LOG.warn(
              "{}: reading {} failed: {}", description(), binary.getFileName(), e.getMessage());
        }
      }
      splitter.reset();
      // Let the child finish and its last stderr lines (often the reason it died) reach the log
      // before anything closes its streams.
      int code = waitFor(p);
      awaitEnd(stderr);
      if (!running) {
        return;
      }
      restarts++;
      if (splitter.frames() > framesBefore) {
        // It ran, then ended: not expected; say so every time.
        backoff = options.initialBackoffMillis();
        LOG.warn(
            "{}: {} exited with code {} (last said: {}); restarting in {} ms",
            description(),
            binary.getFileName(),
            code,
            lastStderr,
            backoff);
      } else {
        failure(exitFailure(binary, code));
        logFailureOnce(backoff);
      }
      if (!sleep(backoff)) {
        return;
      }
      backoff = Math.min(backoff * 2, options.maxBackoffMillis());
    }
  }

  /**
   * Logs the failure when it differs from the one logged last: an expected condition (no camera, a
   * bad option) is one line with the fix, not a line per restart.
   */
  private void logFailureOnce(long backoff) {
    String failure = failure();
    if (failure != null && !failure.equals(lastLoggedFailure)) {
      lastLoggedFailure = failure;
      LOG.warn(
          "{}: {}; retrying every {} ms or less",
          description(),
          failure,
          options.maxBackoffMillis());
    } else {
      LOG.debug("{}: {}; retrying in {} ms", description(), failure, backoff);
    }
  }

  private static int waitFor(Process p) {
    try {
      if (p.waitFor(2, TimeUnit.SECONDS)) {
        return p.exitValue();
      }
      kill(p);
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private Thread logStderr(Process p) {
    return Thread.ofPlatform()
        .daemon()
        .name("lightwire-camera-stderr")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  stderrLines++;
                  if (!line.isBlank()) {
                    lastStderr = line.strip();
                  }
                  LOG.debug("{} stderr: {}", id(), line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
  }

  private volatile long stderrLines;

  /** Why the child ended before its first frame, with what to do about it. */
  private String exitFailure(Path binary, int code) {
    String said = lastStderr;
    String name = binary.getFileName().toString();
    if (said != null && said.contains(NO_CAMERAS)) {
      return name
          + " found no camera (camera index "
          + config().controls().index()
          + "): check the ribbon cable and list the cameras with rpicam-hello --list-cameras";
    }
    return name
        + " exited with code "
        + code
        + " before its first frame"
        + (said == null ? "" : ", saying: " + said)
        + "; run it by hand to see why: "
        + String.join(" ", command(binary));
  }

  /** Lines the child wrote to stderr (all of them went to the debug log). */
  long stderrLines() {
    return stderrLines;
  }

  /** How many times the child was restarted. */
  public long restarts() {
    return restarts;
  }

  private void watchdogLoop() {
    long period = Math.max(5, config().stallTimeoutMillis() / 4);
    while (running) {
      if (!sleep(period)) {
        return;
      }
      long now = clock.nanos();
      long timeout = config().stallTimeoutMillis();
      if (!isStalled() && now - lastFrameNanos > timeout * 1_000_000) {
        if (failure() == null) {
          LOG.warn("{}: no frame for {} ms (stalled)", description(), timeout);
        } else {
          // Already said why (no camera, a failing child): a stall on top is no news.
          LOG.debug("{}: no frame for {} ms ({})", description(), timeout, failure());
        }
        stalled(true, now);
      }
    }
  }

  @Override
  public void stop() {
    Thread c;
    Thread w;
    synchronized (lock) {
      if (!running) {
        return;
      }
      running = false;
      ring.setRunning(false);
      if (process != null) {
        kill(process);
      }
      c = capture;
      w = watchdog;
    }
    join(c);
    join(w);
    synchronized (lock) {
      if (process != null) {
        process.destroyForcibly();
        process = null;
      }
      clearStall();
      failure(null);
    }
  }

  /** Ends the child and anything it started (a shell's children keep stdout open otherwise). */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.getInputStream().close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void awaitEnd(Thread t) {
    try {
      t.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    t.interrupt();
    try {
      t.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public long framesCaptured() {
    return splitter.frames();
  }

  @Override
  public long framesDropped() {
    return splitter.dropped();
  }
}
