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
  private final InputStream in;
  private final OutputStream out;
  private int soTimeout = -1;

  StreamTransport(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static StreamTransport of(SocketChannel channel) throws IOException {
    if (!channel.isBlocking()) {
      channel.configureBlocking(true);
    }
    return new StreamTransport(channel.socket());
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

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort: the socket is unusable either way.
    }
  }
}
