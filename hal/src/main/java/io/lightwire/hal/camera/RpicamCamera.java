package io.lightwire.hal.camera;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.CameraListener;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.FrameRing;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.internal.AbstractDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSI camera through {@code rpicam-vid} (or {@code libcamera-vid} on older systems) as a child
 * process writing MJPEG to stdout: {@code -t 0 -n --codec mjpeg --width W --height H --framerate F
 * -q Q -o -}. The capture thread reads stdout into one preallocated buffer and an {@link
 * MjpegSplitter} copies each frame straight into the ring. When the process dies it is restarted
 * after a backoff (doubling from {@link Options#initialBackoffMillis} to {@link
 * Options#maxBackoffMillis}, reset by a delivered frame); its stderr goes to the log. A watchdog
 * reports a stall when no frame arrives within the stall timeout.
 */
public final class RpicamCamera extends AbstractDevice implements Camera {

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

  private final CameraConfig config;
  private final Options options;
  private final HalClock clock;
  private final FrameRing ring;
  private final MjpegSplitter splitter;
  private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
  private final CopyOnWriteArrayList<CameraListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile boolean running;
  private volatile boolean stalled;
  private volatile long lastFrameNanos;
  private volatile long restarts;
  private Process process;
  private Thread capture;
  private Thread watchdog;

  /**
   * Opens the camera (stopped); the ring is allocated here, the binary is looked for at {@link
   * #start()}.
   */
  public RpicamCamera(CameraConfig config, Options options, HalClock clock) {
    super(
        new DeviceRegistry("rpicam"),
        "camera",
        config.id(),
        "camera '" + config.id() + "' (rpicam)");
    this.config = config;
    this.options = options;
    this.clock = clock;
    this.ring = new FrameRing(config.ringSlots(), config.maxFrameBytes());
    this.splitter = new MjpegSplitter(ring, clock);
  }

  /** Opens rpicam cameras with {@link Options#defaults()} on the system clock. */
  public static Function<CameraConfig, Camera> factory() {
    return c -> new RpicamCamera(c, Options.defaults(), HalClock.system());
  }

  @Override
  public CameraConfig config() {
    return config;
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

  /** The command line for {@code binary}. */
  List<String> command(Path binary) {
    return List.of(
        binary.toString(),
        "-t",
        "0",
        "-n",
        "--codec",
        "mjpeg",
        "--width",
        Integer.toString(config.width()),
        "--height",
        Integer.toString(config.height()),
        "--framerate",
        Integer.toString(config.frameRate()),
        "-q",
        Integer.toString(config.quality()),
        "-o",
        "-");
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
      stalled = false;
      lastFrameNanos = clock.nanos();
      ring.setRunning(true);
      capture =
          Thread.ofPlatform()
              .daemon()
              .name("lightwire-camera-" + config.id())
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
        LOG.error("{}: cannot start {}: {}", description(), binary, e.getMessage());
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
        while (running && (n = in.read(readBuffer)) > 0) {
          if (splitter.feed(readBuffer, 0, n) > 0) {
            lastFrameNanos = clock.nanos();
            if (stalled) {
              stalled = false;
              notifyStall(false);
            }
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
      if (splitter.frames() > framesBefore) {
        backoff = options.initialBackoffMillis();
      }
      restarts++;
      LOG.warn(
          "{}: {} exited with code {}; restarting in {} ms",
          description(),
          binary.getFileName(),
          code,
          backoff);
      if (!sleep(backoff)) {
        return;
      }
      backoff = Math.min(backoff * 2, options.maxBackoffMillis());
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
                  LOG.info("{} stderr: {}", config.id(), line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
  }

  private volatile long stderrLines;

  /** Lines the child wrote to stderr (all of them went to the log). */
  long stderrLines() {
    return stderrLines;
  }

  /** How many times the child was restarted. */
  public long restarts() {
    return restarts;
  }

  private void watchdogLoop() {
    long period = Math.max(5, config.stallTimeoutMillis() / 4);
    while (running) {
      if (!sleep(period)) {
        return;
      }
      long now = clock.nanos();
      if (!stalled && now - lastFrameNanos > config.stallTimeoutMillis() * 1_000_000) {
        stalled = true;
        LOG.warn("{}: no frame for {} ms (stalled)", description(), config.stallTimeoutMillis());
        notifyStall(true);
      }
    }
  }

  private void notifyStall(boolean value) {
    long now = clock.nanos();
    for (CameraListener l : listeners) {
      l.onStall(value, now);
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
      stalled = false;
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
  public int read(long afterSequence, FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
    ensureOpen();
    return ring.read(afterSequence, info, dst, offset, timeoutMillis);
  }

  @Override
  public boolean isStalled() {
    return stalled;
  }

  @Override
  public long framesCaptured() {
    return splitter.frames();
  }

  @Override
  public long framesDropped() {
    return splitter.dropped();
  }

  @Override
  public Subscription onStall(CameraListener listener) {
    ensureOpen();
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  @Override
  protected void onClose() {
    stop();
    listeners.clear();
  }
}
