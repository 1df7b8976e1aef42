package io.lightwire.firmware.internal;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.FrameInfo;
import io.lightwire.websock.pool.BufferPool;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Capture on demand: the camera runs only while someone watches. Viewers of every kind (WebSocket
 * viewers, MJPEG-over-HTTP viewers, snapshots, the application's frame hooks) say so through {@link
 * #viewerJoined()} and {@link #viewerLeft()}; the first one starts the capture thread ({@code
 * lightwire-camera}), which starts the camera; once the last one has gone for {@code stopAfter} the
 * thread stops the camera (the {@code rpicam-vid} process ends, the emulated camera neither renders
 * nor encodes) and ends. {@code camera.always-on} keeps it capturing.
 *
 * <p>The capture thread copies each new frame from the camera's ring into one staging buffer (from
 * the memory plan), inserts the {@code lightwire} comment when the camera did not write one ({@link
 * JpegComment}) and hands it to the {@link Sink}. A camera that cannot start is retried with a
 * backoff while someone watches, and said once in the log (one line with the fix, no stack trace).
 * A change of size, rate or quality ({@link #reconfigure}) restarts the capture, not the firmware.
 *
 * <p>Threads: {@code viewerJoined}, {@code viewerLeft}, {@code reconfigure} and the state getters
 * from any thread; the sink is called on the capture thread. Steady state allocates nothing per
 * frame.
 */
final class CameraCapture implements AutoCloseable {

  /** Takes each captured frame, on the capture thread. */
  interface Sink {
    /**
     * @param frame the whole JPEG between position and limit (the sink may move them)
     * @param info the frame's sequence number and capture time
     */
    void publish(ByteBuffer frame, FrameInfo info);
  }

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.camera");

  /** Longest sleep between looks at the ring when no frame is due yet. */
  private static final long POLL_NANOS = 1_000_000;

  /** First and largest wait before starting a camera that failed to start again. */
  private static final long RETRY_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Camera camera;
  private final BufferPool staging;
  private final boolean alwaysOn;
  private final long stopAfterNanos;
  private final LongSupplier nanoClock;
  private final Sink sink;
  private final FrameInfo info = new FrameInfo();
  private final Object lock = new Object();

  // Guarded by lock.
  private Thread thread;
  private boolean open;
  private CameraConfig pendingConfig;

  private volatile int demand;

  /** When the last viewer left, on {@link #nanoClock}: {@code stopAfter} counts from here. */
  private volatile long idleSince;

  private volatile boolean capturing;
  private volatile boolean restartWanted;
  private volatile String startFailure;
  private volatile long capturedAtStart;
  private volatile long tooLargeAtStart;
  private volatile long starts;
  private volatile long failedStarts;

  /** When the last start failed, on {@link #nanoClock}: capture thread only. */
  private long failedAtNanos;

  private volatile long captureErrors;
  private volatile long commentsInserted;
  private String lastLogged;
  private ByteBuffer buffer;

  /** The newest frame handed on, kept across a failed pass so a frame is never sent twice. */
  private long lastSequence = -1;

  /**
   * @param camera the camera (opened, stopped)
   * @param staging one buffer holding the largest frame plus {@link JpegComment#HEADROOM}
   * @param alwaysOn capture with nobody watching too
   * @param stopAfterMillis how long the capture goes on after the last viewer left
   * @param nanoClock what {@code stopAfterMillis} and the start retries are measured on ({@link
   *     System#nanoTime()} scale)
   * @param sink where frames go
   */
  CameraCapture(
      Camera camera,
      BufferPool staging,
      boolean alwaysOn,
      long stopAfterMillis,
      LongSupplier nanoClock,
      Sink sink) {
    this.camera = camera;
    this.staging = staging;
    this.alwaysOn = alwaysOn;
    this.stopAfterNanos = TimeUnit.MILLISECONDS.toNanos(stopAfterMillis);
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  /** Takes the staging buffer and, when always on or someone already watches, starts capturing. */
  void start() {
    synchronized (lock) {
      if (open) {
        return;
      }
      buffer = staging.acquire();
      if (buffer == null || !buffer.hasArray()) {
        throw new IllegalStateException("camera staging pool must hold one heap buffer");
      }
      open = true;
      if (alwaysOn || demand > 0) {
        startThread();
      }
    }
  }

  /** A viewer of any kind starts watching; the first one starts the capture. Any thread. */
  void viewerJoined() {
    synchronized (lock) {
      demand++;
      if (open && thread == null) {
        startThread();
      }
    }
  }

  /** A viewer stopped watching; after the last one the capture stops. Any thread. */
  void viewerLeft() {
    synchronized (lock) {
      if (demand > 0) {
        if (demand == 1) {
          idleSince = nanoClock.getAsLong(); // before demand reads 0 on the capture thread
        }
        demand--;
      }
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }

  /** True when the capture runs with nobody watching too ({@code camera.always-on}). */
  boolean alwaysOn() {
    return alwaysOn;
  }

  /** Viewers of every kind watching now. */
  int demand() {
    return demand;
  }

  /**
   * Captures at {@code next}'s size, rate and quality from now on: a running capture restarts, an
   * idle one starts with it. Any thread.
   *
   * @throws IllegalArgumentException when the camera refuses it (the message says why)
   */
  void reconfigure(CameraConfig next) {
    synchronized (lock) {
      if (thread == null) {
        camera.reconfigure(next); // stopped: no thread can start while the lock is held
        return;
      }
      pendingConfig = next;
      restartWanted = true;
      LockSupport.unpark(thread);
    }
  }

  private void startThread() {
    thread = Thread.ofPlatform().name("lightwire-camera").daemon(true).unstarted(this::run);
    thread.start();
  }

  /**
   * Makes the capture thread look at the clock now (a test moved a manual clock): a start retry
   * that has become due runs, a stop-after time that has passed stops the camera. Any thread.
   */
  void clockMoved() {
    synchronized (lock) {
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }

  private boolean wanted() {
    return alwaysOn || demand > 0;
  }

  /** The capture thread: start, pump, stop, until nobody wants frames (or closed). */
  private void run() {
    long retryNanos = RETRY_MIN_NANOS;
    while (true) {
      CameraConfig next;
      synchronized (lock) {
        if (!open || !wanted()) {
          thread = null;
          return;
        }
        next = pendingConfig;
        pendingConfig = null;
        restartWanted = false;
      }
      if (next != null) {
        applyConfig(next);
      }
      if (!startCamera()) {
        waitBeforeRetry(retryNanos);
        retryNanos = Math.min(retryNanos * 2, RETRY_MAX_NANOS);
        continue;
      }
      retryNanos = RETRY_MIN_NANOS;
      try {
        pump();
      } finally {
        capturing = false;
        camera.stop();
      }
    }
  }

  private void applyConfig(CameraConfig next) {
    try {
      camera.reconfigure(next);
    } catch (RuntimeException e) {
      // Checked before it was asked for; say so if the camera still refuses it.
      LOG.log(System.Logger.Level.ERROR, "camera: new settings refused: {0}", e.getMessage());
    }
  }

  private boolean startCamera() {
    capturedAtStart = camera.framesCaptured();
    tooLargeAtStart = camera.framesTooLarge();
    try {
      camera.start();
    } catch (DeviceIoException e) {
      // An expected condition (no camera binary, no camera): one line with the fix.
      fail(e.getMessage(), null);
      return false;
    } catch (RuntimeException e) {
      fail(String.valueOf(e.getMessage()), e);
      return false;
    }
    startFailure = null;
    starts++;
    capturing = true;
    return true;
  }

  private void fail(String message, Throwable unexpected) {
    failedAtNanos = nanoClock.getAsLong(); // the retry waits from here; set before the count
    failedStarts++;
    startFailure = message;
    if (!message.equals(lastLogged)) {
      lastLogged = message;
      if (unexpected == null) {
        LOG.log(System.Logger.Level.WARNING, "camera: cannot start: {0}", message);
      } else {
        LOG.log(System.Logger.Level.ERROR, "camera: cannot start", unexpected);
      }
    }
  }

  private void waitBeforeRetry(long nanos) {
    long end = failedAtNanos + nanos;
    long left;
    while (open && wanted() && !restartWanted && (left = end - nanoClock.getAsLong()) > 0) {
      LockSupport.parkNanos(left); // on a manual clock, clockMoved() unparks
    }
  }

  /** Hands on frames until nobody has watched for {@code stopAfter}, a restart, or close. */
  private void pump() {
    long periodNanos = camera.config().framePeriodNanos();
    while (open && !restartWanted) {
      if (!wanted() && nanoClock.getAsLong() - idleSince >= stopAfterNanos) {
        return;
      }
      try {
        if (!captureOne()) {
          // Wait for the next frame without a lock (a timed wait on the ring's condition
          // allocates a wait node per call): sleep in short steps; a frame waits at most one.
          LockSupport.parkNanos(POLL_NANOS);
          continue;
        }
      } catch (RuntimeException e) {
        captureErrors++;
        LOG.log(System.Logger.Level.ERROR, "camera capture pass failed; going on", e);
      }
      // Nothing new can come before the next period: sleep most of it, then look often.
      LockSupport.parkNanos(Math.max(0, periodNanos - 2 * POLL_NANOS));
    }
  }

  /** Hands on the newest frame if there is one; false when there is none yet. */
  private boolean captureOne() {
    byte[] frame = buffer.array();
    int base = buffer.arrayOffset();
    int frameAt = base + JpegComment.HEADROOM;
    int n = camera.read(lastSequence, info, frame, frameAt, 0);
    if (n == Camera.TIMEOUT || n == Camera.STOPPED) {
      return false;
    }
    if (n == Camera.BUFFER_TOO_SMALL) {
      // Cannot happen while staging is sized from the ring's slot; say so if it does.
      int room = buffer.capacity() - JpegComment.HEADROOM;
      LOG.log(System.Logger.Level.ERROR, "camera frame larger than {0} bytes skipped", room);
      return false;
    }
    lastSequence = info.sequence();
    int start = frameAt;
    if (!JpegComment.hasComment(frame, frameAt, n)) {
      start = JpegComment.insert(frame, frameAt, n, info.sequence(), info.captureMicros());
      commentsInserted++;
    }
    buffer.limit(frameAt + n - base).position(start - base);
    sink.publish(buffer, info);
    return true;
  }

  /** What the camera is doing now. */
  CameraState state() {
    if (!capturing) {
      return startFailure != null && threadAlive() ? CameraState.FAILED : CameraState.IDLE;
    }
    if (camera.failure() != null) {
      return CameraState.FAILED;
    }
    if (camera.isStalled()) {
      return CameraState.STALLED;
    }
    if (camera.framesCaptured() == capturedAtStart) {
      return tooLargeSinceStart() > 0 ? CameraState.FAILED : CameraState.STARTING;
    }
    return CameraState.RUNNING;
  }

  /** The state in words, with the fix when something is wrong. */
  String message() {
    CameraState state = state();
    CameraConfig c = camera.config();
    return switch (state) {
      case IDLE ->
          startFailure != null
              ? "stopped: nobody is watching (the last start failed: " + startFailure + ")"
              : "stopped: nobody is watching; the first viewer starts it";
      case STARTING -> "starting: waiting for the first frame";
      case STALLED ->
          "stalled: no frame for more than "
              + c.stallTimeoutMillis()
              + " ms; check the camera's cable and the log";
      case FAILED -> {
        if (startFailure != null && !capturing) {
          yield startFailure;
        }
        String failure = camera.failure();
        yield failure != null ? failure : tooLargeMessage(c);
      }
      case RUNNING -> tooLargeSinceStart() > 0 ? "live, but " + tooLargeMessage(c) : "live";
    };
  }

  private String tooLargeMessage(CameraConfig c) {
    return tooLargeSinceStart()
        + " frames were larger than camera.frame-bytes ("
        + c.maxFrameBytes()
        + " bytes) and were dropped: raise camera.frame-bytes, or lower camera.quality or the"
        + " resolution";
  }

  /** Frames dropped since the capture last started because they did not fit a ring slot. */
  long tooLargeSinceStart() {
    return camera.framesTooLarge() - tooLargeAtStart;
  }

  private boolean threadAlive() {
    synchronized (lock) {
      return thread != null;
    }
  }

  /** Times the camera was started since boot. */
  long starts() {
    return starts;
  }

  /** Starts that failed (each retry counts; only a new reason is logged). */
  long failedStarts() {
    return failedStarts;
  }

  /** Capture passes that threw (logged; the loop went on). */
  long captureErrors() {
    return captureErrors;
  }

  /** Frames that got the {@code lightwire} comment inserted. */
  long commentsInserted() {
    return commentsInserted;
  }

  /** Stops the capture thread and the camera and returns the staging buffer. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (!open) {
        return;
      }
      open = false;
      t = thread;
    }
    boolean interrupted = false;
    if (t != null) {
      LockSupport.unpark(t);
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    camera.stop();
    synchronized (lock) {
      staging.release(buffer);
      buffer = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
