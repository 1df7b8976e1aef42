package io.lightwire.examples.camera;

import io.lightwire.examples.device.DeviceServer;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.FrameInfo;
import io.lightwire.hal.Hardware;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Seed 000's arducam example in Lightwire terms: the application captures frames from the board's
 * camera and writes each one to every connected page ({@code GOS_HS_STREAM_WRITE_ALL}), and a small
 * page shows them.
 *
 * <p>Who does what, and on which thread:
 *
 * <ul>
 *   <li>The capture is application code: a timer on the {@link ApplicationThread} ({@code every})
 *       polls the camera's ring with {@link Camera#read} (timeout 0: it never blocks the
 *       application thread) into one staging buffer allocated at start, then hands the frame to
 *       {@link Server#broadcast}, which encodes it once (fragments of at most 0xFFFF bytes) and
 *       queues that one buffer on every viewer. Nothing is allocated per frame.
 *   <li>When every broadcast buffer is still in flight, {@code broadcast} refuses the frame ({@link
 *       WebSocketConnection#BACK_PRESSURED}): the application drops it and counts it, the
 *       counterpart of the seed's {@code gos_hs_stream_ws_abort_write}.
 *   <li>Viewers' queues keep the newest frame ({@link QueuePolicy#KEEP_NEWEST}, depth 2), so a slow
 *       page skips frames and never holds up the others.
 *   <li>The accept callback ({@code gos_hs_stream_ws_set_accept_callback}) is the upgrade filter:
 *       only pages of this server's own origin may connect. The connect and disconnect handlers
 *       ({@code gos_hs_stream_ws_set_handlers}) run on the application thread: they send every page
 *       the new number of viewers as a text message.
 * </ul>
 */
public final class CameraStream implements AutoCloseable {

  /** The WebSocket path (and subprotocol name) of the stream. */
  public static final String PATH = "/stream";

  /** The subprotocol name. */
  public static final String PROTOCOL = "camera-stream";

  /** Where the page lives in the jar: a folder outside any package, so always readable. */
  static final String WEB_ROOT = "camera-stream-web";

  /** Frames each viewer may have queued: one going out and the newest waiting. */
  static final int VIEWER_QUEUE_DEPTH = 2;

  /** Broadcast messages in flight at once; a frame finding all of them taken is dropped. */
  static final int BROADCAST_BUFFERS = 4;

  /** Connection slots: viewers plus page loads. */
  static final int MAX_CONNECTIONS = 16;

  /** Application events (connects and disconnects) that may wait at once. */
  static final int APP_EVENTS = 64;

  /** Room for the frame headers of a broadcast: at most 14 bytes per 0xFFFF-byte fragment. */
  private static final int FRAGMENT_HEADER_BYTES = ServerConfig.MAX_FRAME_HEADER;

  private static final System.Logger LOG = System.getLogger("io.lightwire.examples.camera");

  private final Hardware hardware;
  private final Camera camera;
  private final DeviceServer serving;
  private final Server server;
  private final Protocol protocol;
  private final ByteBuffer staging;
  private final ByteBuffer viewersMessage = ByteBuffer.allocate(32);
  private final FrameInfo info = new FrameInfo();
  private final Runnable viewersChanged = this::announceViewers;
  private long lastSequence = -1;
  private volatile int viewers;
  private volatile long framesSent;
  private volatile long framesWithoutViewers;
  private volatile long framesDropped;

  private CameraStream(Hardware hardware, Camera camera, ServerConfig config) throws IOException {
    this.hardware = hardware;
    this.camera = camera;
    this.staging = ByteBuffer.allocate(camera.config().maxFrameBytes());
    this.protocol =
        new Protocol(
            PROTOCOL, PATH, new Viewers(), QueuePolicy.KEEP_NEWEST, VIEWER_QUEUE_DEPTH, () -> null);
    this.serving = DeviceServer.open(config, CameraStream.class, WEB_ROOT, protocol, APP_EVENTS);
    this.server = serving.server();
  }

  /**
   * Opens {@code hardware}'s camera as {@code cameraConfig} says, starts it, serves the page and
   * the stream on {@code bind}:{@code port}, and starts capturing on the application thread.
   *
   * @throws IOException when the port cannot be bound (the message names the address)
   * @throws io.lightwire.hal.DeviceIoException when the camera cannot start
   * @throws UnsupportedOperationException when the hardware has no camera
   */
  public static CameraStream start(
      Hardware hardware, CameraConfig cameraConfig, String bind, int port) throws IOException {
    Camera camera = hardware.openCamera(cameraConfig);
    CameraStream stream = null;
    try {
      stream = new CameraStream(hardware, camera, serverConfig(bind, port, cameraConfig));
      stream.serving.start();
      camera.start();
      // Poll four times per frame period: a frame waits at most a quarter period in the ring.
      long pollMillis = Math.max(1, 1000L / cameraConfig.frameRate() / 4);
      if (stream.serving.app().every(pollMillis, stream::captureOnce)
          == ApplicationThread.REFUSED) {
        throw new IllegalStateException("no timer left for the capture");
      }
      return stream;
    } catch (IOException | RuntimeException e) {
      if (stream != null) {
        stream.close();
      } else {
        camera.close();
      }
      throw e;
    }
  }

  /**
   * A server sized for this camera: broadcast buffers hold the largest frame with its headers. One
   * address may take every slot: this example's viewers are usually tabs and devices behind one
   * address (a home NAT), and it has no controls to protect; the firmware keeps the default share.
   */
  static ServerConfig serverConfig(String bind, int port, CameraConfig camera) {
    int frame = camera.maxFrameBytes();
    int fragments = (frame + ServerConfig.MAX_MESSAGE_BYTES - 1) / ServerConfig.MAX_MESSAGE_BYTES;
    return ServerConfig.builder()
        .bindAddress(bind)
        .port(port)
        .maxConnections(MAX_CONNECTIONS)
        .broadcastBuffers(BROADCAST_BUFFERS)
        .broadcastBufferBytes(frame + fragments * FRAGMENT_HEADER_BYTES)
        .maxConnectionsPerAddress(MAX_CONNECTIONS)
        .build();
  }

  /**
   * One capture step on the application thread: copy the newest frame, if there is a new one, and
   * write it to every page. Allocation-free.
   */
  private void captureOnce() {
    int n = camera.read(lastSequence, info, staging.array(), 0, 0);
    if (n < 0) {
      if (n == Camera.BUFFER_TOO_SMALL) {
        // Cannot happen: staging is as large as a ring slot. Skip past it rather than spin.
        lastSequence++;
      }
      return; // TIMEOUT (nothing new yet) or STOPPED (closing)
    }
    lastSequence = info.sequence();
    if (viewers == 0) {
      framesWithoutViewers++;
      return;
    }
    staging.limit(n).position(0);
    if (server.broadcast(protocol, false, staging) >= 0) {
      framesSent++;
    } else {
      framesDropped++; // every broadcast buffer in flight: abort this write, the next frame comes
    }
    staging.clear();
  }

  /** The connect / disconnect handler, on the application thread: tell every page the count. */
  private void announceViewers() {
    viewersMessage.clear();
    viewersMessage.put(VIEWERS_PREFIX);
    int count = Math.max(0, viewers);
    int digits = 1;
    for (int v = count; v >= 10; v /= 10) {
      digits++;
    }
    int at = viewersMessage.position() + digits;
    for (int i = 1; i <= digits; i++, count /= 10) {
      viewersMessage.put(at - i, (byte) ('0' + count % 10)); // digits by hand: no String
    }
    viewersMessage.position(at).put((byte) '}').flip();
    server.broadcast(protocol, true, viewersMessage);
  }

  private static final byte[] VIEWERS_PREFIX = {
    '{', '"', 'v', 'i', 'e', 'w', 'e', 'r', 's', '"', ':'
  };

  /** The protocol's callbacks, on the service thread. */
  private final class Viewers implements WebSocketHandler {

    @Override
    public void onOpen(WebSocketConnection connection) {
      viewers++; // only the service thread writes it
      serving.app().post(viewersChanged);
    }

    @Override
    public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
      connection.close(CloseCodes.POLICY_VIOLATION, "the camera stream takes no messages");
    }

    @Override
    public void onClose(WebSocketConnection connection, int code, String reason) {
      viewers--;
      serving.app().post(viewersChanged);
    }
  }

  /** The server, for its address and its pools. */
  public Server server() {
    return server;
  }

  /** The camera the frames come from. */
  public Camera camera() {
    return camera;
  }

  /** Pages connected to the stream now. */
  public int viewers() {
    return viewers;
  }

  /** Frames written to every page. */
  public long framesSent() {
    return framesSent;
  }

  /** Frames captured while nobody watched (not sent). */
  public long framesWithoutViewers() {
    return framesWithoutViewers;
  }

  /** Frames dropped because every broadcast buffer was in flight. */
  public long framesDropped() {
    return framesDropped;
  }

  /** Every pool this example runs on; each is back to zero in use after {@link #close()}. */
  public List<Pool> pools() {
    return serving.pools();
  }

  /**
   * Stops capturing, stops the server (pages get close 1001) and closes the camera. Leaves the
   * hardware open: its owner closes it. Idempotent.
   */
  public void stop() {
    if (!serving.stop()) { // no capture step runs after this; pages get close 1001
      return;
    }
    camera.close();
    LOG.log(
        System.Logger.Level.DEBUG,
        "camera-stream closed on {0}: {1} frames sent",
        hardware.kind(),
        framesSent);
  }

  /** As {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}
