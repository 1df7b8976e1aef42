package io.lightwire.firmware.internal;

import io.lightwire.firmware.CameraFrameListener;
import io.lightwire.firmware.json.JsonMessage;
import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
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
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Streams the board's camera to browsers: WebSocket at {@code /camera}, one binary message per
 * frame, each one complete JPEG (SOI to EOI) carrying the {@code lightwire seq=<n> t=<micros>}
 * comment.
 *
 * <p>Capture on demand ({@link CameraCapture}): the camera runs only while a viewer of some kind
 * watches. Every kind says so through {@link #viewerJoined()} and {@link #viewerLeft()}: WebSocket
 * viewers when they open and close, application hooks ({@link #onFrame}) while subscribed,
 * snapshots ({@link #snapshot}) while they wait, and any other kind (MJPEG over HTTP) the same way.
 * Each captured frame comes to {@link #publish} on the capture thread and is handed to {@link
 * Server#broadcast}: the frame is encoded once, as fragments of at most the server's frame limit,
 * into one broadcast buffer, and every viewer's queue takes a reference to that same buffer.
 * Viewers' queues keep the newest frame ({@link QueuePolicy#KEEP_NEWEST}), so a slow viewer skips
 * frames and never holds up the others. A viewer may send {@code {"maxFps":N}} to get at most N
 * frames per second (0: every frame); {@link CameraViewer#take} decides per frame, on the service
 * thread, without a copy. {@link #state()} and {@link #stateMessage()} say what the camera is
 * doing, for {@code /status} and the page.
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

  /** How often a snapshot looks whether the camera it started has started. */
  private static final long SNAPSHOT_START_POLL_MILLIS = 10;

  /** Longest sleep between looks at the ring when no frame is due yet. */
  private static final long POLL_NANOS = 1_000_000;

  private final Camera camera;
  private final LongSupplier nanoClock;
  private final CameraCapture capture;
  private final List<CameraViewer> viewers = new CopyOnWriteArrayList<>();

  /** The application's frame hooks; an array swapped on change, so a frame walks it freely. */
  private volatile CameraFrameListener[] frameListeners = new CameraFrameListener[0];

  private volatile long frameListenerErrors;
  private final Protocol protocol;
  private ByteBuffer readOnly;
  private ByteBuffer readOnlyOf;
  private volatile Server server;
  private volatile int openViewers;
  private volatile long framesBroadcast;
  private volatile long framesWithoutViewers;
  private volatile long broadcastsRefused;

  /** Frames sent to and dropped for viewers that have left (service thread), for the totals. */
  private long closedViewersSent;

  private long closedViewersDropped;

  /** The HTTP viewers ({@code /camera.mjpg}, {@code /camera.jpg}), or null. */
  private CameraHttp http;

  /**
   * A service for {@code camera} (opened, not started) staging frames in one buffer of {@code
   * staging}, which must hold the largest frame plus {@link JpegComment#HEADROOM} bytes. The camera
   * runs only while someone watches ({@link #viewerJoined()}) unless {@code alwaysOn}; after the
   * last viewer left it goes on for {@code stopAfterMillis}. That time, the start retries and the
   * viewers' {@code maxFps} pacing run on {@code nanoClock} ({@link System#nanoTime()} scale);
   * after moving a manual clock, call {@link #clockMoved()}.
   */
  public CameraService(
      Camera camera,
      BufferPool staging,
      boolean alwaysOn,
      long stopAfterMillis,
      LongSupplier nanoClock) {
    this.camera = camera;
    this.nanoClock = nanoClock;
    this.capture =
        new CameraCapture(camera, staging, alwaysOn, stopAfterMillis, nanoClock, this::publish);
    this.protocol =
        new Protocol(
            PROTOCOL, PATH, this, QueuePolicy.KEEP_NEWEST, VIEWER_QUEUE_DEPTH, this::newViewer);
  }

  /** A service that captures only while someone watches and stops as soon as nobody does. */
  public CameraService(Camera camera, BufferPool staging) {
    this(camera, staging, false, 0, System::nanoTime);
  }

  private CameraViewer newViewer() {
    CameraViewer v = new CameraViewer(); // once per connection slot, at server start
    viewers.add(v);
    return v;
  }

  /**
   * Feeds {@code endpoints} every frame, counts its viewers for capture on demand and shows them in
   * the status; before start.
   */
  public synchronized void http(CameraHttp endpoints) {
    this.http = endpoints;
    endpoints.watch(this);
    // Fed every frame without counting as a viewer: its streams and snapshots join and leave.
    CameraFrameListener[] now = frameListeners;
    CameraFrameListener[] more = java.util.Arrays.copyOf(now, now.length + 1);
    more[now.length] = endpoints;
    frameListeners = more;
  }

  /** The protocol to add to the server's table. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Serves frames through {@code target}: capture starts now when always on (or someone already
   * watches), else with the first viewer. A camera that cannot start is no error here: it shows in
   * {@link #state()} and the log.
   */
  public synchronized void start(Server target) {
    this.server = target;
    capture.start();
  }

  /**
   * A viewer of any kind (WebSocket, MJPEG over HTTP, a snapshot, an application hook) starts
   * watching: the first one starts the capture. Pair each call with one {@link #viewerLeft()}. Any
   * thread; returns at once (the camera starts on the capture thread).
   */
  public void viewerJoined() {
    capture.viewerJoined();
  }

  /** A viewer of any kind stopped watching: after the last one the capture stops. Any thread. */
  public void viewerLeft() {
    capture.viewerLeft();
  }

  /** Viewers of every kind watching now (WebSocket, HTTP, snapshots, application hooks). */
  public int demand() {
    return capture.demand();
  }

  /** What the camera is doing: {@code idle}, {@code starting}, {@code running}, ... */
  public CameraState state() {
    return capture.state();
  }

  /** The camera's current size, rate, quality and controls. */
  public CameraConfig config() {
    return camera.config();
  }

  /**
   * Captures at {@code next}'s size, rate and quality from now on: the capture restarts (when it
   * runs), the firmware does not. Any thread.
   *
   * @throws IllegalArgumentException when the camera refuses it (another ring, another id)
   */
  public void reconfigure(CameraConfig next) {
    capture.reconfigure(next);
  }

  /** {@link #state()} in words, with the fix when something is wrong. */
  public String stateMessage() {
    return capture.message();
  }

  /**
   * Copies a fresh frame into {@code dst} at {@code offset} for a snapshot: the newest one when the
   * camera runs, else it starts the camera for it (as a viewer) and waits for its first frame. The
   * frame is as the camera delivered it: rpicam's carry no {@code lightwire} comment ({@link
   * JpegComment#insert} adds one). Any thread but the service thread (it may wait).
   *
   * @param info filled with the frame's sequence number, capture time and length
   * @return the frame's length, or {@link Camera#TIMEOUT} (no frame within {@code timeoutMillis}),
   *     {@link Camera#BUFFER_TOO_SMALL}, {@link Camera#STOPPED} (the camera failed: see {@link
   *     #stateMessage()})
   */
  public int snapshot(FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
    viewerJoined();
    try {
      // Real time: this bounds how long the caller's thread waits for the camera.
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return Camera.TIMEOUT;
        }
        int n = camera.read(-1, info, dst, offset, left);
        if (n != Camera.STOPPED) {
          return n;
        }
        if (capture.state() == CameraState.FAILED) {
          return Camera.STOPPED;
        }
        // Not started yet: the capture thread is on its way.
        Thread.sleep(Math.min(left, SNAPSHOT_START_POLL_MILLIS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Camera.TIMEOUT;
    } finally {
      viewerLeft();
    }
  }

  /** Capture thread: a frame for every kind of viewer. */
  private void publish(ByteBuffer frame, FrameInfo info) {
    if (readOnlyOf != frame) {
      readOnlyOf = frame;
      readOnly = frame.asReadOnlyBuffer(); // once per staging buffer: the application's view
    }
    int from = frame.position();
    int to = frame.limit();
    notifyListeners(readOnly, from, to, info);
    if (openViewers == 0) {
      framesWithoutViewers++;
      return;
    }
    frame.limit(to).position(from);
    int result = server.broadcast(protocol, false, frame, this);
    if (result >= 0) {
      framesBroadcast++;
    } else {
      broadcastsRefused++; // every broadcast buffer in flight: this frame is skipped
    }
  }

  private void notifyListeners(ByteBuffer view, int from, int to, FrameInfo info) {
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
   * stops it (a call under way may still finish). A hook is a viewer: the camera runs while it is
   * there.
   */
  public synchronized Subscription onFrame(CameraFrameListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    CameraFrameListener[] now = frameListeners;
    CameraFrameListener[] more = java.util.Arrays.copyOf(now, now.length + 1);
    more[now.length] = listener;
    frameListeners = more;
    viewerJoined();
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        removeListener(listener);
        viewerLeft();
      }
    };
  }

  private synchronized void removeListener(CameraFrameListener listener) {
    frameListeners =
        java.util.Arrays.stream(frameListeners)
            .filter(l -> l != listener)
            .toArray(CameraFrameListener[]::new);
  }

  /**
   * Makes the capture look at the clock now: for a test that moved the service's manual clock (a
   * due start retry runs, a passed stop-after time stops the camera). Any thread.
   */
  public void clockMoved() {
    capture.clockMoved();
  }

  /** Camera starts that failed, retries included (one log line per new reason). */
  long failedStarts() {
    return capture.failedStarts();
  }

  /** Frame listeners that threw. */
  public long frameListenerErrors() {
    return frameListenerErrors;
  }

  @Override
  public boolean accept(WebSocketConnection connection) {
    CameraViewer viewer = connection.state();
    return viewer.take(nanoClock.getAsLong(), camera.config().framePeriodNanos());
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    CameraViewer viewer = connection.state();
    viewer.open(connection, nanoClock.getAsLong());
    openViewers++;
    viewerJoined();
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
      viewer.maxFps(fps, nanoClock.getAsLong());
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
      viewerLeft();
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
        .field("quality", camera.config().quality())
        .field("state", capture.state().wire())
        .field("message", capture.message())
        .field("alwaysOn", capture.alwaysOn())
        .field("demand", capture.demand())
        .field("starts", capture.starts())
        .field("running", camera.isRunning())
        .field("stalled", camera.isStalled())
        .field("framesTooLarge", capture.tooLargeSinceStart())
        .field("framesCaptured", framesCaptured())
        .field("framesDroppedByCamera", framesDroppedByCamera())
        .field("framesBroadcast", framesBroadcast)
        .field("framesWithoutViewers", framesWithoutViewers)
        .field("broadcastsRefused", broadcastsRefused)
        .field("viewerFramesSent", viewerFramesSent())
        .field("viewerFramesDropped", viewerFramesDropped())
        .field("commentsInserted", capture.commentsInserted())
        .field("captureErrors", capture.captureErrors());
    if (http != null) {
      http.writeStatus(json);
    }
    json.beginArray("viewers");
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

  /** Viewers now: WebSocket ({@code /camera}) and HTTP ({@code /camera.mjpg}, snapshots). */
  public int viewers() {
    return openViewers + (http == null ? 0 : http.viewers());
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
  public void close() {
    capture.close();
  }
}
