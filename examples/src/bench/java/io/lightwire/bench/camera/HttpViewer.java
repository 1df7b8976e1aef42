package io.lightwire.bench.camera;

import io.lightwire.hal.HalClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * One MJPEG-over-HTTP viewer of the benchmark: {@code GET /camera.mjpg} on a plain socket read by a
 * platform thread of its own, as VLC or Home Assistant would, parsing each part's headers and
 * reading exactly its {@code Content-Length} of JPEG. The slow one reads {@value
 * Viewer#SLOW_READ_BYTES} bytes at a time through a socket buffer of that size with {@value
 * Viewer#SLOW_PAUSE_MILLIS} ms pauses, as the slow WebSocket viewer does. Latency is taken as for
 * {@link Viewer}: capture time in the frame's comment to its last byte received.
 */
final class HttpViewer implements BenchViewer, Runnable {

  private static final int POLL_MILLIS = 100;

  private final Socket socket;
  private final InputStream in;
  private final boolean slow;
  private final Viewer.Window window;
  private final byte[] buffer;
  private final byte[] head = new byte[1024];
  private final FrameTally tally;
  private final Thread thread;
  private final int localPort;
  private volatile boolean running = true;
  private boolean stopped;
  private String error;

  private HttpViewer(
      int port, boolean slow, Viewer.Window window, int frameBytes, int maxSamples, String name)
      throws IOException {
    this.socket = new Socket();
    this.slow = slow;
    this.window = window;
    this.buffer = new byte[frameBytes];
    this.tally = new FrameTally(maxSamples);
    if (slow) {
      socket.setReceiveBufferSize(Viewer.SLOW_READ_BYTES);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(POLL_MILLIS);
    this.localPort = socket.getLocalPort();
    socket
        .getOutputStream()
        .write(
            "GET /camera.mjpg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    this.in = socket.getInputStream();
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
  }

  /** Connects a viewer that reads as fast as it can. */
  static HttpViewer fast(int port, Viewer.Window window, int frameBytes, int maxSamples, int index)
      throws IOException {
    HttpViewer v =
        new HttpViewer(port, false, window, frameBytes, maxSamples, "bench-http-viewer-" + index);
    v.thread.start();
    return v;
  }

  /** Connects the deliberately slow viewer. */
  static HttpViewer slow(int port, Viewer.Window window, int frameBytes) throws IOException {
    HttpViewer v = new HttpViewer(port, true, window, frameBytes, 1024, "bench-http-viewer-slow");
    v.thread.start();
    return v;
  }

  @Override
  public void run() {
    HalClock clock = HalClock.system();
    try {
      int headLength = readHead();
      if (headLength < 12 || head[9] != '2') {
        error = "answered " + new String(head, 0, Math.min(headLength, 40), StandardCharsets.UTF_8);
        return;
      }
      while (running) {
        int partHead = readHead();
        if (partHead < 0) {
          return;
        }
        int length = contentLength(partHead);
        if (length < 0 || length > buffer.length) {
          error = "part without a usable Content-Length";
          return;
        }
        if (!readFully(buffer, length) || !readFully(head, 2)) {
          return;
        }
        long now = clock.epochMicros();
        tally.frame(buffer, length, now, window);
      }
    } catch (IOException | RuntimeException e) {
      if (running) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  /** Reads up to a blank line into {@link #head}; its length, or -1 when stopped or closed. */
  private int readHead() throws IOException {
    int n = 0;
    while (n < 4
        || head[n - 4] != '\r'
        || head[n - 3] != '\n'
        || head[n - 2] != '\r'
        || head[n - 1] != '\n') {
      if (n == head.length) {
        throw new IOException("a head longer than " + head.length + " bytes");
      }
      if (!readFully(head, n, 1)) {
        return -1;
      }
      n++;
    }
    return n;
  }

  private boolean readFully(byte[] into, int length) throws IOException {
    return readFully(into, 0, length);
  }

  /**
   * Reads {@code length} bytes, in slow steps for the slow viewer; false when stopped or closed.
   */
  private boolean readFully(byte[] into, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (!running) {
        return false;
      }
      int want = slow ? Math.min(length - done, Viewer.SLOW_READ_BYTES) : length - done;
      int n;
      try {
        n = in.read(into, offset + done, want);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) {
        return false;
      }
      done += n;
      if (slow && n >= Viewer.SLOW_READ_BYTES) {
        LockSupport.parkNanos(Viewer.SLOW_PAUSE_MILLIS * 1_000_000L);
      }
    }
    return true;
  }

  private int contentLength(int length) {
    String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }

  @Override
  public void stop() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    running = false;
    thread.join(5_000);
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
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

  @Override
  public int localPort() {
    return localPort;
  }
}
