package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One slot's TLS layer over its non-blocking socket, driven by the service loop: {@link #read} and
 * {@link #write} look like a plain channel's, and advance the handshake as a side effect.
 *
 * <p>Three pooled buffers per connection: encrypted input, encrypted output and decrypted input (an
 * SSLEngine insists on a whole record's room). Encrypted output that the socket did not take stays
 * in its buffer; until it drains, {@link #write} takes nothing (back-pressure) and {@link
 * #hasPendingOutput()} is true so the loop waits for the socket to be writable. Service thread
 * only.
 */
final class TlsChannel implements ByteChannel, GatheringByteChannel {

  private final SSLContext context;
  private final BufferPool buffers;
  private SocketChannel socket;
  private SSLEngine engine;
  private ByteBuffer netIn;
  private ByteBuffer netOut;
  private ByteBuffer appIn;
  private boolean inboundDone;

  /** True once the peer's first byte was looked at (a TLS record, or plain HTTP by mistake). */
  private boolean firstByteSeen;

  /** True when the peer spoke plain HTTP and got {@link #PLAIN_HTTP_ANSWER}: no TLS alert then. */
  private boolean answeredInClear;

  private final ByteBuffer[] one = new ByteBuffer[1];
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /**
   * What a plain {@code http://} request on this TLS port gets, in the clear, before the close: a
   * 400 that says to use {@code https://}. Not a redirect: the server would have to trust the
   * request's Host header to build the address, and a fixed answer needs no parsing.
   */
  private static final ByteBuffer PLAIN_HTTP_ANSWER = plainHttpAnswer();

  TlsChannel(SSLContext context, BufferPool buffers) {
    this.context = context;
    this.buffers = buffers;
  }

  /**
   * Starts a server-side handshake on {@code channel}. Returns false (and takes nothing) when the
   * TLS buffer pool is exhausted.
   */
  boolean bind(SocketChannel channel) throws SSLException {
    ByteBuffer in = buffers.acquire();
    ByteBuffer out = buffers.acquire();
    ByteBuffer app = buffers.acquire();
    if (in == null || out == null || app == null) {
      buffers.release(in);
      buffers.release(out);
      buffers.release(app);
      return false;
    }
    socket = channel;
    netIn = in;
    netOut = out.flip(); // read mode: nothing pending
    appIn = app.flip(); // read mode: nothing decrypted
    inboundDone = false;
    firstByteSeen = false;
    answeredInClear = false;
    try {
      engine = context.createSSLEngine();
      engine.setUseClientMode(false);
      engine.beginHandshake();
    } catch (SSLException | RuntimeException e) {
      engine = null;
      unbind();
      throw e;
    }
    return true;
  }

  /** Tries to send close_notify, then gives the buffers back. The socket is the caller's. */
  void unbind() {
    if (engine != null && !answeredInClear) {
      engine.closeOutbound();
      try {
        netOut.compact();
        engine.wrap(EMPTY, netOut);
        netOut.flip();
        socket.write(netOut);
      } catch (IOException e) {
        // The peer is gone or the buffer full: close_notify is a courtesy.
      }
    }
    buffers.release(netIn);
    buffers.release(netOut);
    buffers.release(appIn);
    netIn = null;
    netOut = null;
    appIn = null;
    engine = null;
    socket = null;
  }

  /** Encrypted bytes wait for the socket. */
  boolean hasPendingOutput() {
    return netOut != null && netOut.hasRemaining();
  }

  /** Decrypted bytes, or undecrypted whole records, wait to be read. */
  boolean hasBufferedInput() {
    return appIn != null && (appIn.hasRemaining() || netIn.position() > 0);
  }

  /** Writes pending encrypted bytes and any handshake messages; true when nothing is left. */
  boolean flush() throws IOException {
    if (netOut.hasRemaining()) {
      socket.write(netOut);
    }
    while (!netOut.hasRemaining() && needsWrap()) {
      wrap(EMPTY);
      socket.write(netOut);
    }
    return !netOut.hasRemaining();
  }

  private boolean needsWrap() {
    runTasks();
    return engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // certificate and key work, on the service thread: a TLS handshake costs ms
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    while (true) {
      if (appIn.hasRemaining()) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        return n;
      }
      if (inboundDone) {
        return -1;
      }
      flush(); // a handshake may have something to say first
      int got = socket.read(netIn);
      if (got < 0 && netIn.position() == 0) {
        return -1;
      }
      if (!firstByteSeen && netIn.position() > 0) {
        firstByteSeen = true;
        if (isHttpMethodLetter(netIn.get(0))) {
          answerInClear();
          return -1;
        }
      }
      if (!unwrapOnce()) {
        if (got <= 0) {
          return got < 0 ? -1 : 0;
        }
      }
    }
  }

  /** A TLS record starts with its content type (20 to 24); an HTTP request with a method name. */
  private static boolean isHttpMethodLetter(byte b) {
    return b >= 'A' && b <= 'Z';
  }

  private void answerInClear() {
    answeredInClear = true;
    inboundDone = true;
    try {
      socket.write(PLAIN_HTTP_ANSWER.duplicate()); // a few hundred bytes into an empty socket
    } catch (IOException e) {
      // The peer is gone already: nothing to tell it.
    }
  }

  private static ByteBuffer plainHttpAnswer() {
    String body =
        "This port serves HTTPS only: open the same address with https:// instead of http://\n";
    String head =
        "HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n"
            + "Connection: close\r\n\r\n";
    return ByteBuffer.wrap((head + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .asReadOnlyBuffer();
  }

  /** Unwraps one record from {@code netIn} into {@code appIn}; false when more bytes are needed. */
  private boolean unwrapOnce() throws IOException {
    netIn.flip();
    appIn.compact();
    SSLEngineResult result;
    try {
      result = engine.unwrap(netIn, appIn);
    } finally {
      netIn.compact();
      appIn.flip();
    }
    runTasks();
    switch (result.getStatus()) {
      case CLOSED -> {
        inboundDone = true;
        return true;
      }
      case BUFFER_UNDERFLOW -> {
        return false;
      }
      case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the buffer");
      default -> {
        flush();
        return true;
      }
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    one[0] = src;
    long n = write(one, 0, 1);
    one[0] = null;
    return (int) n;
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (!flush()) {
      return 0; // encrypted bytes still wait: take nothing new
    }
    long taken = 0;
    while (true) {
      long before = remaining(srcs, offset, length);
      if (before == 0) {
        return taken;
      }
      netOut.compact();
      SSLEngineResult result;
      try {
        result = engine.wrap(srcs, offset, length, netOut);
      } finally {
        netOut.flip();
      }
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new SSLException("TLS connection closed");
      }
      taken += result.bytesConsumed();
      socket.write(netOut);
      if (netOut.hasRemaining() || result.bytesConsumed() == 0) {
        return taken;
      }
    }
  }

  private void wrap(ByteBuffer src) throws IOException {
    netOut.compact();
    try {
      engine.wrap(src, netOut);
    } finally {
      netOut.flip();
    }
  }

  private static long remaining(ByteBuffer[] srcs, int offset, int length) {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += srcs[i].remaining();
    }
    return n;
  }

  @Override
  public boolean isOpen() {
    return socket != null && socket.isOpen();
  }

  @Override
  public void close() {
    unbind();
  }
}
