package io.lightwire.websock.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * A {@link Transport} over a connected {@link Socket} (plain, or an {@code SSLSocket} for TLS) or a
 * blocking {@link SocketChannel} through its socket adaptor. Read timeouts use {@code SO_TIMEOUT},
 * which the JDK's socket implementations honour without allocating per read; a timeout costs one
 * {@link SocketTimeoutException} (an idle poll, not the data path).
 */
final class StreamTransport implements Transport {

  private final Socket socket;
  private final Socket plain;
  private final InputStream in;
  private final OutputStream out;
  private int soTimeout = -1;

  /**
   * A transport over {@code socket}; {@code plain} is the TCP socket under it when {@code socket}
   * is TLS layered by us (closed first, see {@link #close}), else null.
   */
  StreamTransport(Socket socket, Socket plain) throws IOException {
    this.socket = socket;
    this.plain = plain != socket ? plain : null;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static StreamTransport of(SocketChannel channel) throws IOException {
    if (!channel.isBlocking()) {
      channel.configureBlocking(true);
    }
    return new StreamTransport(channel.socket(), null);
  }

  @Override
  public int read(byte[] dst, int offset, int length, long timeoutMillis) throws IOException {
    int timeout =
        timeoutMillis < 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
    if (timeout != soTimeout) {
      socket.setSoTimeout(timeout);
      soTimeout = timeout;
    }
    try {
      int n = in.read(dst, offset, length);
      return n < 0 ? EOF : n;
    } catch (SocketTimeoutException e) {
      return TIMEOUT;
    }
  }

  @Override
  public void write(byte[] src, int offset, int length) throws IOException {
    out.write(src, offset, length);
  }

  /**
   * Closes the TCP socket first when TLS is ours, so a write blocked on a peer that does not read
   * ends at once, whatever the TLS socket's own close does (BCJSSE's tries to send close_notify on
   * the same stream).
   */
  @Override
  public void close() {
    if (plain != null) {
      try {
        plain.close();
      } catch (IOException e) {
        // Best effort, as below.
      }
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort: the socket is unusable either way.
    }
  }
}
