package io.lightwire.firmware.internal;

import io.lightwire.firmware.CameraFrameListener;
import io.lightwire.websock.server.DeferredResponse;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.HttpStream;
import io.lightwire.websock.server.HttpStreamHandler;
import io.lightwire.websock.server.QueryDecoder;
import io.lightwire.websock.server.Server;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The camera for clients that speak plain HTTP (VLC, ffmpeg, OBS, Home Assistant, go2rtc, an {@code
 * <img>}): {@code GET /camera.mjpg} streams {@code multipart/x-mixed-replace} with one part per
 * frame ({@code Content-Type: image/jpeg}, {@code Content-Length}), and {@code GET /camera.jpg}
 * answers the next whole frame, {@code Cache-Control: no-store}. Both carry the same frames as the
 * WebSocket viewers, with their {@code lightwire seq= t=} comment.
 *
 * <p>Each frame becomes one part, framed once for every HTTP viewer: the capture thread writes the
 * part header into one small buffer and {@link Server#publish} copies header, frame and trailer
 * once into a broadcast buffer that every stream queues by reference. A slow reader keeps the
 * newest part ({@link HttpStreamHandler#DEFAULT_QUEUE_DEPTH}), as {@code /camera} viewers do.
 * {@code ?fps=N} asks for at most N frames per second (0: every frame), decided per frame on the
 * service thread by the same rule as the WebSocket {@code maxFps} ({@link CameraViewer#take}).
 *
 * <p>Threads: requests, stream callbacks and the status run on the service thread; {@link #onFrame}
 * on the capture thread. Per frame nothing is allocated; a snapshot copies its frame into one array
 * per request (a snapshot is a request, not a stream).
 */
public final class CameraHttp implements HttpStreamHandler, CameraFrameListener {

  /** The MJPEG stream's path. */
  public static final String MJPEG_PATH = "/camera.mjpg";

  /** The snapshot's path. */
  public static final String SNAPSHOT_PATH = "/camera.jpg";

  /** The multipart boundary (RFC 2046 5.1.1: up to 70 characters, no need to quote this one). */
  static final String BOUNDARY = "lightwire-frame";

  /** The stream's content type. */
  static final String MJPEG_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;

  /** Snapshots waiting for a frame at once; more get 503 with Retry-After. */
  static final int SNAPSHOT_WAITERS = 8;

  /** How long a snapshot waits for a frame before 503, in milliseconds. */
  static final long SNAPSHOT_TIMEOUT_MILLIS = 3_000;

  /** The highest {@code ?fps}: the same bound as the WebSocket {@code maxFps}. */
  static final int MAX_FPS = 1_000;

  private static final byte[] PART_START =
      ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: ")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};

  private final CameraAccess access;
  private final LongSupplier nanoClock;
  private final long periodNanos;
  private final Viewer[] viewers;
  private volatile Server server;

  /** Told when an HTTP viewer starts and stops watching (capture on demand); null in tests. */
  private volatile CameraService camera;

  /** Streams open now; written on the service thread, read by the capture thread. */
  private volatile int openStreams;

  // Capture thread: the part header, the three views published per frame (made once).
  private final ByteBuffer partHead = ByteBuffer.allocate(PART_START.length + 24);
  private final ByteBuffer partTail = ByteBuffer.wrap(CRLF).asReadOnlyBuffer();
  private final ByteBuffer[] part = new ByteBuffer[3];
  private volatile long partsPublished;
  private volatile long partsRefused;

  private final DeferredResponse[] waiting = new DeferredResponse[SNAPSHOT_WAITERS];
  private int waitingCount; // guarded by waiting
  private volatile boolean snapshotWanted;
  private volatile long snapshotsServed;
  private long snapshotsRefused;

  // Service thread: totals of viewers that left.
  private long closedSent;
  private long closedDropped;

  /** One viewer per connection slot, made at construction. */
  static final class Viewer {
    HttpStream stream;
    final CameraViewer rate = new CameraViewer();
  }

  /**
   * @param access who may watch
   * @param framePeriodNanos the camera's frame period, for {@code ?fps}
   * @param slots the server's connection slots ({@code server.max-connections})
   */
  CameraHttp(CameraAccess access, long framePeriodNanos, int slots, LongSupplier nanoClock) {
    this.access = access;
    this.nanoClock = nanoClock;
    this.periodNanos = framePeriodNanos;
    this.viewers = new Viewer[slots];
    for (int i = 0; i < slots; i++) {
      viewers[i] = new Viewer();
    }
  }

  /**
   * The camera's HTTP endpoints for {@code mode} ({@code camera.access} resolved for the board).
   *
   * @param tokenMode true when watching needs {@code token}
   * @param nanoClock the firmware's clock ({@link System#nanoTime()} scale): {@code ?fps} pacing
   *     and the wrong-token windows
   */
  public static CameraHttp create(
      boolean tokenMode,
      AccessToken token,
      long framePeriodNanos,
      int slots,
      LongSupplier nanoClock) {
    return new CameraHttp(
        new CameraAccess(
            tokenMode ? CameraAccess.Mode.TOKEN : CameraAccess.Mode.OPEN, token, nanoClock),
        framePeriodNanos,
        slots,
        nanoClock);
  }

  /** True when {@code camera.access} (as configured) means token on this board. */
  public static boolean tokenMode(String configured, boolean emulatedBoard) {
    return CameraAccess.resolve(configured, emulatedBoard) == CameraAccess.Mode.TOKEN;
  }

  /** Tells {@code service} when HTTP viewers start and stop watching, so it captures for them. */
  void watch(CameraService service) {
    this.camera = service;
  }

  private void joined() {
    CameraService c = camera;
    if (c != null) {
      c.viewerJoined();
    }
  }

  private void left() {
    CameraService c = camera;
    if (c != null) {
      c.viewerLeft();
    }
  }

  /** Publishes parts through {@code target} from now on. */
  public void serveThrough(Server target) {
    this.server = target;
  }

  /** A handler that answers the camera's paths and passes everything else to {@code next}. */
  public HttpHandler in(HttpHandler next) {
    return (request, response) -> {
      String path = request.path();
      if (path.equals(MJPEG_PATH)) {
        stream(request, response);
      } else if (path.equals(SNAPSHOT_PATH)) {
        snapshot(request, response);
      } else {
        next.onRequest(request, response);
      }
    };
  }

  /**
   * {@code camera.access} for the WebSocket {@code /camera}: 0 when {@code request} may watch, else
   * the refusal's status (401, or 429 after too many wrong tokens). Service thread.
   */
  public int checkUpgrade(HttpRequest request) {
    return access.check(request);
  }

  /** HTTP viewers now: open streams and snapshots waiting for a frame. */
  public int viewers() {
    synchronized (waiting) {
      return openStreams + waitingCount;
    }
  }

  // ---- requests (service thread)

  private void stream(HttpRequest request, HttpResponse response) {
    int fps = checkQuery(request, response, true);
    if (fps < 0 || !allowedMethod(request, response) || !access.admit(request, response)) {
      return;
    }
    response.header("Cache-Control", "no-store");
    HttpStream stream = response.stream(MJPEG_TYPE, this);
    Viewer v = viewers[stream.slot()];
    CameraViewer rate = v.rate;
    rate.framesQueued = 0;
    rate.framesSkippedForRate = 0;
    rate.maxFps(fps, nanoClock.getAsLong());
  }

  private void snapshot(HttpRequest request, HttpResponse response) {
    if (checkQuery(request, response, false) < 0
        || !allowedMethod(request, response)
        || !access.admit(request, response)) {
      return;
    }
    // The answer if no frame comes in time: the camera is not running or stalled.
    response
        .status(503)
        .header("Retry-After", "1")
        .header("Cache-Control", "no-store")
        .body("text/plain; charset=utf-8", "no camera frame within 3 s (see /status)\n");
    synchronized (waiting) {
      pruneExpired();
      if (waitingCount == SNAPSHOT_WAITERS) {
        snapshotsRefused++;
        return; // the 503 above, at once
      }
      waiting[waitingCount++] = response.defer(SNAPSHOT_TIMEOUT_MILLIS);
      snapshotWanted = true;
    }
    joined(); // a waiting snapshot is a viewer: the camera starts for it
  }

  /**
   * Forgets snapshots whose request ended without a frame (timed out, client gone): they stop
   * counting as viewers. Holding {@code waiting}.
   */
  private void pruneExpired() {
    int kept = 0;
    for (int i = 0; i < waitingCount; i++) {
      DeferredResponse answer = waiting[i];
      waiting[i] = null;
      if (answer.isPending()) {
        waiting[kept++] = answer;
      } else {
        left();
      }
    }
    waitingCount = kept;
  }

  private static boolean allowedMethod(HttpRequest request, HttpResponse response) {
    String method = request.method();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    response
        .status(405)
        .header("Allow", "GET, HEAD")
        .body("text/plain; charset=utf-8", "method not allowed\n");
    return false;
  }

  /**
   * Checks the query: {@code token} everywhere, {@code fps} on the stream. Returns the fps asked
   * for (0: every frame), or -1 with a 400 naming the parameter in {@code response}.
   */
  static int checkQuery(HttpRequest request, HttpResponse response, boolean fpsAllowed) {
    String query = request.query();
    QueryDecoder.check(query); // a bad escape: 400 from the server
    int fps = 0;
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = QueryDecoder.decodeComponent(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : QueryDecoder.decodeComponent(pair.substring(equals + 1));
      if (name.equals("token")) {
        continue;
      }
      if (!name.equals("fps") || !fpsAllowed) {
        return badRequest(
            response,
            "unknown query parameter '"
                + cut(name)
                + "' (allowed: "
                + (fpsAllowed ? "fps, token" : "token")
                + ")");
      }
      fps = parseFps(value);
      if (fps < 0) {
        return badRequest(
            response, "fps '" + cut(value) + "' is not a whole number in [0, " + MAX_FPS + "]");
      }
    }
    return fps;
  }

  private static int parseFps(String value) {
    if (value.isEmpty() || value.length() > 4) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= MAX_FPS ? n : -1;
  }

  private static int badRequest(HttpResponse response, String why) {
    response.status(400).body("text/plain; charset=utf-8", why + "\n");
    return -1;
  }

  private static String cut(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  // ---- streams (service thread)

  @Override
  public void onOpen(HttpStream stream) {
    viewers[stream.slot()].stream = stream;
    openStreams++;
    joined();
  }

  @Override
  public boolean accept(HttpStream stream) {
    return viewers[stream.slot()].rate.take(nanoClock.getAsLong(), periodNanos);
  }

  @Override
  public void onClose(HttpStream stream) {
    Viewer v = viewers[stream.slot()];
    if (v.stream == stream) {
      closedDropped += stream.partsDropped();
      closedSent += stream.partsQueued() - stream.partsDropped();
      v.stream = null;
      openStreams--;
      left();
    }
  }

  // ---- frames (capture thread)

  @Override
  public void onFrame(ByteBuffer jpeg, long sequence, long captureMicros) {
    if (snapshotWanted) {
      serveSnapshots(jpeg);
    }
    Server target = server;
    if (openStreams == 0 || target == null) {
      return;
    }
    int length = jpeg.remaining();
    partHead.clear();
    partHead.put(PART_START);
    putDecimal(partHead, length);
    partHead.put(CRLF).put(CRLF).flip();
    partTail.rewind();
    part[0] = partHead;
    part[1] = jpeg;
    part[2] = partTail;
    int result = target.publish(this, part);
    if (result >= 0) {
      partsPublished++;
    } else {
      partsRefused++; // every broadcast buffer in flight, or a frame too large for one
    }
  }

  private void serveSnapshots(ByteBuffer jpeg) {
    byte[] copy = null;
    synchronized (waiting) {
      snapshotWanted = false;
      for (int i = 0; i < waitingCount; i++) {
        DeferredResponse answer = waiting[i];
        waiting[i] = null;
        left();
        if (!answer.isPending()) {
          continue; // timed out, or the client left
        }
        if (copy == null) {
          copy = new byte[jpeg.remaining()]; // one copy for every snapshot of this frame
          jpeg.duplicate().get(copy);
        }
        answer.status(200).header("Cache-Control", "no-store").body("image/jpeg", copy);
        if (answer.complete()) {
          snapshotsServed++;
        }
      }
      waitingCount = 0;
    }
  }

  private static void putDecimal(ByteBuffer out, int value) {
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    int at = out.position() + digits;
    for (int i = 1, v = value; i <= digits; i++, v /= 10) {
      out.put(at - i, (byte) ('0' + v % 10));
    }
    out.position(at);
  }

  // ---- status (service thread)

  /** Writes the HTTP viewers and their counters into the camera's {@code /status} object. */
  void writeStatus(Json json) {
    synchronized (waiting) {
      pruneExpired();
    }
    long sent = closedSent;
    long dropped = closedDropped;
    json.field("access", access.mode().name().toLowerCase(java.util.Locale.ROOT))
        .field("accessRefused", access.refused())
        .field("httpPartsPublished", partsPublished)
        .field("httpPartsRefused", partsRefused)
        .field("snapshotsServed", snapshotsServed)
        .field("snapshotsRefused", snapshotsRefused)
        .beginArray("httpViewers");
    for (Viewer v : viewers) {
      HttpStream s = v.stream;
      if (s == null) {
        continue;
      }
      sent += s.partsQueued() - s.partsDropped();
      dropped += s.partsDropped();
      json.beginObject()
          .field("remote", String.valueOf(s.remoteAddress()))
          .field("maxFps", v.rate.maxFps)
          .field("framesSent", s.partsQueued() - s.partsDropped())
          .field("framesDropped", s.partsDropped())
          .field("framesSkippedForRate", v.rate.framesSkippedForRate)
          .endObject();
    }
    json.endArray().field("httpFramesSent", sent).field("httpFramesDropped", dropped);
  }
}
