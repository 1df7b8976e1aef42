package io.lightwire.bench.camera;

import io.lightwire.hal.HalClock;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * One camera viewer of the benchmark: our blocking client on a platform thread of its own, reading
 * {@code /camera} as fast as frames come (or, for the slow viewer, a few KiB at a time with pauses)
 * and, while the measuring window is open, counting whole frames and their capture-to-receive
 * latency. The receive time is taken when the frame's last byte has arrived, on the same clock the
 * emulated camera stamps (the HAL's system clock, epoch microseconds).
 */
final class Viewer implements BenchViewer, Runnable {

  /** Whether the cell is measuring now; set by the cell, read by every viewer per frame. */
  static final class Window {
    volatile boolean open;
  }

  /** Bytes of a frame kept when a frame is larger than the buffer: the COM segment is in them. */
  private static final int HEAD_BYTES = 4096;

  /** Bytes the slow viewer reads at a time, and the pause after each read. */
  static final int SLOW_READ_BYTES = 4096;

  static final long SLOW_PAUSE_MILLIS = 100;

  private static final long POLL_MILLIS = 100;

  private final WebSocketClient client;
  private final SocketChannel channel;
  private final boolean slow;
  private final Window window;
  private final byte[] buffer;
  private final FrameTally tally;
  private final Thread thread;
  private final int localPort;
  private volatile boolean running = true;
  private boolean stopped;

  private String error;

  private Viewer(
      WebSocketClient client,
      SocketChannel channel,
      boolean slow,
      Window window,
      int frameBytes,
      int maxSamples,
      String name) {
    this.client = client;
    this.channel = channel;
    this.slow = slow;
    this.window = window;
    this.buffer = new byte[frameBytes];
    this.tally = new FrameTally(maxSamples);
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    int port = -1;
    if (channel != null) {
      try {
        port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      } catch (IOException e) {
        // unknown: the slow viewer's drop count is then reported as -1
      }
    }
    this.localPort = port;
  }

  /**
   * Connects a viewer that reads as fast as it can.
   *
   * @param maxSamples latency samples kept (frames beyond are counted, not sampled)
   */
  static Viewer fast(int port, Window window, int frameBytes, int maxSamples, int index)
      throws IOException {
    ClientConfig config =
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + port + "/camera")
            .connectTimeoutMillis(5_000)
            .handshakeTimeoutMillis(5_000)
            .bufferBytes(1 << 16, 1 << 12)
            .build();
    Viewer v =
        new Viewer(
            WebSocketClient.open(config),
            null,
            false,
            window,
            frameBytes,
            maxSamples,
            "bench-viewer-" + index);
    v.thread.start();
    return v;
  }

  /**
   * Connects the deliberately slow viewer: a 4 KiB socket receive buffer and a 4 KiB client buffer,
   * read {@value #SLOW_READ_BYTES} bytes at a time with {@value #SLOW_PAUSE_MILLIS} ms pauses
   * (about 40 KiB/s, less than one 640x480 frame per second), so the server always has a backlog
   * for it.
   */
  static Viewer slow(int port, Window window, int frameBytes) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, SLOW_READ_BYTES);
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      ClientConfig config =
          ClientConfig.builder()
              .host("127.0.0.1")
              .port(port)
              .path("/camera")
              .handshakeTimeoutMillis(5_000)
              .bufferBytes(SLOW_READ_BYTES, 1 << 12)
              .build();
      Viewer v =
          new Viewer(
              WebSocketClient.attach(channel, config, 0),
              channel,
              true,
              window,
              frameBytes,
              1024,
              "bench-viewer-slow");
      v.thread.start();
      return v;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void run() {
    MessageHeader header = new MessageHeader();
    HalClock clock = HalClock.system();
    int length = 0;
    try {
      while (running) {
        int room = buffer.length - length;
        int n =
            client.recv(
                header, buffer, length, slow ? Math.min(room, SLOW_READ_BYTES) : room, POLL_MILLIS);
        if (n == WebSocketClient.TIMEOUT) {
          continue;
        }
        if (n == WebSocketClient.CLOSED || header.opcode() == WebSocketProtocol.OPCODE_CLOSE) {
          return;
        }
        if (header.opcode() == WebSocketProtocol.OPCODE_PING
            || header.opcode() == WebSocketProtocol.OPCODE_PONG) {
          continue;
        }
        length += n;
        if (header.endOfMessage()) {
          long now = clock.epochMicros();
          tally.frame(buffer, length, now, window);
          length = 0;
        } else if (length == buffer.length) {
          length = HEAD_BYTES; // keep the head (SOI and the comment), overwrite the rest
        }
        if (slow) {
          LockSupport.parkNanos(SLOW_PAUSE_MILLIS * 1_000_000L);
        }
      }
    } catch (IOException | RuntimeException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * The local port of the slow viewer's connection, as {@code /status} shows the viewer's remote
   * address; -1 for a fast viewer.
   */
  @Override
  public int localPort() {
    return localPort;
  }

  /** Stops the reading thread (within a poll interval), then closes the connection. Idempotent. */
  @Override
  public void stop() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    running = false;
    thread.join(5_000);
    try {
      client.close(1000, "bench over", 1_000);
    } catch (IOException | RuntimeException e) {
      // the connection is gone either way; the firmware's viewer count tells whether it noticed
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Override
  public FrameTally tally() {
    return tally;
  }

  @Override
  public String error() {
    return error;
  }
}
