package io.lightwire.firmware.internal;

import io.lightwire.firmware.CameraFrameListener;
import io.lightwire.firmware.json.JsonMessage;
import io.lightwire.hal.Camera;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.Subscription;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams the board's camera to browsers: WebSocket at {@code /camera}, one binary message per
 * frame, each one complete JPEG (SOI to EOI) carrying the {@code lightwire seq=<n> t=<micros>}
 * comment.
 *
 * <p>The capture thread ({@code lightwire-camera}) copies each new frame from the camera's ring
 * into one staging buffer (from the memory plan), inserts the comment when the camera did not write
 * one ({@link JpegComment}), and hands it to {@link Server#broadcast}: the frame is encoded once,
 * as fragments of at most the server's frame limit, into one broadcast buffer, and every viewer's
 * queue takes a reference to that same buffer. Viewers' queues keep the newest frame ({@link
 * QueuePolicy#KEEP_NEWEST}), so a slow viewer skips frames and never holds up the others. A viewer
 * may send {@code {"maxFps":N}} to get at most N frames per second (0: every frame); {@link
 * CameraViewer#take} decides per frame, on the service thread, without a copy.
 *
 * <p>Steady state allocates nothing per frame on the capture thread and the service thread.
 */
public final class CameraService implements WebSocketHandler, BroadcastFilter, AutoCloseable {

  /** The camera endpoint's path. */
  public static final String PATH = "/camera";

  /** The protocol's name (also accepted as a subprotocol). */
  public static final String PROTOCOL = "lightwire.camera";

  /** Frames each viewer may have queued: one going out and the newest waiting. */
  static final int VIEWER_QUEUE_DEPTH = 2;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.camera");

  /** Longest sleep between looks at the ring when no frame is due yet. */
  private static final long POLL_NANOS = 1_000_000;

  private final Camera camera;
  private final BufferPool staging;
  private final long periodNanos;
  private final List<CameraViewer> viewers = new CopyOnWriteArrayList<>();

  /** The application's frame hooks; an array swapped on change, so a frame walks it freely. */
  private volatile CameraFrameListener[] frameListeners = new CameraFrameListener[0];

  private volatile long frameListenerErrors;
  private final Protocol protocol;
  private final FrameInfo info = new FrameInfo();
  private volatile Server server;
  private volatile int openViewers;
  private volatile boolean running;
  private volatile long framesBroadcast;
  private volatile long framesWithoutViewers;
  private volatile long broadcastsRefused;
  private volatile long commentsInserted;
  private volatile long captureErrors;

  /** Frames sent to and dropped for viewers that have left (service thread), for the totals. */
  private long closedViewersSent;

  private long closedViewersDropped;

  /** The newest frame sent, kept across a failed pass so a frame is never sent twice. */
  private long lastSequence = -1;

  private Thread thread;
  private ByteBuffer buffer;

  /**
   * A service for {@code camera} (opened, not started) staging frames in one buffer of {@code
   * staging}, which must hold the largest frame plus {@link JpegComment#HEADROOM} bytes.
   */
  public CameraService(Camera camera, BufferPool staging) {
    this.camera = camera;
    this.staging = staging;
    this.periodNanos = camera.config().framePeriodNanos();
    this.protocol =
        new Protocol(
            PROTOCOL, PATH, this, QueuePolicy.KEEP_NEWEST, VIEWER_QUEUE_DEPTH, this::newViewer);
  }

  private CameraViewer newViewer() {
    CameraViewer v = new CameraViewer(); // once per connection slot, at server start
    viewers.add(v);
    return v;
  }

  /** The protocol to add to the server's table. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Starts the camera and the capture thread, broadcasting through {@code target}.
   *
   * @throws io.lightwire.hal.DeviceIoException when the camera cannot start
   */
  public synchronized void start(Server target) {
    if (running) {
      return;
    }
    buffer = staging.acquire();
    if (buffer == null || !buffer.hasArray()) {
      throw new IllegalStateException("camera staging pool must hold one heap buffer");
    }
    this.server = target;
    camera.start();
    running = true;
    thread = Thread.ofPlatform().name("lightwire-camera").daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Runs the capture loop; a failure is logged and counted and the loop goes on (a duty cycle). */
  private void loop() {
    while (running) {
      try {
        capture();
      } catch (RuntimeException e) {
        captureErrors++;
        LOG.log(System.Logger.Level.ERROR, "camera capture pass failed; going on", e);
        LockSupport.parkNanos(periodNanos);
      }
    }
  }

  private void capture() {
    byte[] array = buffer.array();
    int base = buffer.arrayOffset();
    int frameAt = base + JpegComment.HEADROOM;
    ByteBuffer payload = buffer.duplicate(); // made once: the view handed to every broadcast
    ByteBuffer readOnly = buffer.asReadOnlyBuffer(); // made once: the application's view
    int room = buffer.capacity() - JpegComment.HEADROOM;
    byte[] frame = array;
    while (running) {
      int n = camera.read(lastSequence, info, frame, frameAt, 0);
      if (n == Camera.TIMEOUT || n == Camera.STOPPED) {
        // Wait for the next frame without a lock (a timed wait on the ring's condition allocates
        // a wait node per call): sleep in short steps; a frame waits at most one step.
        LockSupport.parkNanos(POLL_NANOS);
        continue;
      }
      if (n == Camera.BUFFER_TOO_SMALL) {
        // Cannot happen while staging is sized from the ring's slot; say so if it does.
        LOG.log(System.Logger.Level.ERROR, "camera frame larger than {0} bytes skipped", room);
        LockSupport.parkNanos(POLL_NANOS);
        continue;
      }
      lastSequence = info.sequence();
      int start = frameAt;
      if (!JpegComment.hasComment(frame, frameAt, n)) {
        start = JpegComment.insert(frame, frameAt, n, info.sequence(), info.captureMicros());
        commentsInserted++;
      }
      notifyListeners(readOnly, start - base, frameAt + n - base);
      if (openViewers == 0) {
        framesWithoutViewers++;
      } else {
        payload.limit(frameAt + n - base).position(start - base);
        int result = server.broadcast(protocol, false, payload, this);
        if (result >= 0) {
          framesBroadcast++;
        } else {
          broadcastsRefused++; // every broadcast buffer in flight: this frame is skipped
        }
      }
      // Nothing new can come before the next period: sleep most of it, then look often.
      LockSupport.parkNanos(Math.max(0, periodNanos - 2 * POLL_NANOS));
    }
  }

  private void notifyListeners(ByteBuffer view, int from, int to) {
    CameraFrameListener[] listeners = frameListeners;
    for (CameraFrameListener listener : listeners) {
      view.limit(to).position(from); // again per listener: one may have moved them
      try {
        listener.onFrame(view, info.sequence(), info.captureMicros());
      } catch (RuntimeException e) {
        frameListenerErrors++;
        LOG.log(System.Logger.Level.ERROR, "camera frame listener failed; going on", e);
      }
    }
  }

  /**
   * Calls {@code listener} on the capture thread with each frame, read-only; closing the result
   * stops it (a call under way may still finish).
   */
  public synchronized Subscription onFrame(CameraFrameListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    CameraFrameListener[] now = frameListeners;
    CameraFrameListener[] more = java.util.Arrays.copyOf(now, now.length + 1);
    more[now.length] = listener;
    frameListeners = more;
    return () -> removeListener(listener);
  }

  private synchronized void removeListener(CameraFrameListener listener) {
    frameListeners =
        java.util.Arrays.stream(frameListeners)
            .filter(l -> l != listener)
            .toArray(CameraFrameListener[]::new);
  }

  /** Frame listeners that threw. */
  public long frameListenerErrors() {
    return frameListenerErrors;
  }

  @Override
  public boolean accept(WebSocketConnection connection) {
    CameraViewer viewer = connection.state();
    return viewer.take(System.nanoTime(), periodNanos);
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    CameraViewer viewer = connection.state();
    viewer.open(connection);
    openViewers++;
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    if (!text) {
      connection.close(CloseCodes.UNSUPPORTED_DATA, "camera takes text control messages only");
      return;
    }
    String message = StandardCharsets.UTF_8.decode(payload).toString();
    try {
      JsonMessage json = JsonMessage.parse(message);
      if (!json.has("maxFps")) {
        throw new IllegalArgumentException("expected {\"maxFps\":N}");
      }
      int fps = json.integer("maxFps");
      if (fps < 0 || fps > 1000) {
        throw new IllegalArgumentException("maxFps " + fps + " is not in [0, 1000]");
      }
      CameraViewer viewer = connection.state();
      viewer.maxFps(fps, System.nanoTime());
    } catch (IllegalArgumentException e) {
      connection.close(CloseCodes.POLICY_VIOLATION, cut(e.getMessage()));
    }
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    CameraViewer viewer = connection.state();
    if (viewer.isOpen()) {
      long dropped = viewer.framesDropped();
      closedViewersDropped += dropped;
      closedViewersSent += viewer.framesQueued - dropped;
      viewer.close();
      openViewers--;
    }
  }

  private static String cut(String reason) {
    return reason.length() <= 100 ? reason : reason.substring(0, 100);
  }

  /** Writes the camera's part of {@code /status}; service thread (viewer state lives there). */
  void writeStatus(Json json) {
    json.beginObject("camera")
        .field("width", camera.config().width())
        .field("height", camera.config().height())
        .field("fps", camera.config().frameRate())
        .field("running", camera.isRunning())
        .field("stalled", camera.isStalled())
        .field("framesCaptured", framesCaptured())
        .field("framesDroppedByCamera", framesDroppedByCamera())
        .field("framesBroadcast", framesBroadcast)
        .field("framesWithoutViewers", framesWithoutViewers)
        .field("broadcastsRefused", broadcastsRefused)
        .field("viewerFramesSent", viewerFramesSent())
        .field("viewerFramesDropped", viewerFramesDropped())
        .field("commentsInserted", commentsInserted)
        .field("captureErrors", captureErrors)
        .beginArray("viewers");
    for (CameraViewer v : viewers) {
      WebSocketConnection c = v.connection;
      if (c == null) {
        continue;
      }
      json.beginObject()
          .field("remote", String.valueOf(c.remoteAddress()))
          .field("maxFps", v.maxFps)
          .field("framesQueued", v.framesQueued)
          .field("framesDropped", v.framesDropped())
          .field("framesSent", v.framesQueued - v.framesDropped())
          .field("framesSkippedForRate", v.framesSkippedForRate)
          .endObject();
    }
    json.endArray().endObject();
  }

  /** Viewers connected now. */
  public int viewers() {
    return openViewers;
  }

  /** Frames handed to the server for broadcast since start. */
  public long framesBroadcast() {
    return framesBroadcast;
  }

  /** Frames the camera captured since start. */
  long framesCaptured() {
    return camera.framesCaptured();
  }

  /** Frames the camera itself dropped (its ring overran). */
  long framesDroppedByCamera() {
    return camera.framesDropped();
  }

  /** Frames skipped for every viewer because every broadcast buffer was in flight. */
  long broadcastsRefused() {
    return broadcastsRefused;
  }

  /** Frames queued to viewers and not dropped, over every viewer since start; service thread. */
  long viewerFramesSent() {
    long n = closedViewersSent;
    for (CameraViewer v : viewers) {
      if (v.isOpen()) {
        n += v.framesQueued - v.framesDropped();
      }
    }
    return n;
  }

  /** Frames dropped for slow viewers (they skipped to the newest), since start; service thread. */
  long viewerFramesDropped() {
    long n = closedViewersDropped;
    for (CameraViewer v : viewers) {
      if (v.isOpen()) {
        n += v.framesDropped();
      }
    }
    return n;
  }

  /** Stops the capture thread and the camera, and returns the staging buffer. Idempotent. */
  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    camera.stop();
    staging.release(buffer);
    buffer = null;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
