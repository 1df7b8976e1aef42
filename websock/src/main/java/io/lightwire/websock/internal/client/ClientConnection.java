package io.lightwire.websock.internal.client;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.CloseStatus;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.Utf8Validator;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;

/**
 * One client connection: owns the transport, the reader, the writer, the close handshake state and
 * the two locks. {@code WebSocketClient} is its public face.
 *
 * <p>Thread rules: sends (and the pongs and close replies the reader makes) hold the write lock;
 * {@code recv} and the close drain hold the read lock. So one thread may receive while others send.
 */
public final class ClientConnection {

  /** Send result: the frame was written. */
  public static final int OK = 0;

  /** Result: the connection is closed in that direction. */
  public static final int CLOSED = FrameReader.CLOSED;

  /** Result: nothing arrived within the timeout. */
  public static final int TIMEOUT = FrameReader.TIMEOUT;

  private static final SecureRandom SEEDS = new SecureRandom();

  private final Transport transport;
  private final MaskKeyGenerator keys;
  private final FrameWriter writer;
  private final FrameReader reader;
  private final CloseState closeState = new CloseState();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock = new ReentrantLock();
  private final MessageHeader drainHeader = new MessageHeader();
  private final Utf8Validator sendUtf8 = new Utf8Validator();
  private final Object endpoint;
  private final String subprotocol;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();
  private int fragmentType = WebSocketProtocol.OPCODE_NONE;
  private byte[] directScratch;
  private volatile CloseStatus status;

  private ClientConnection(
      Transport transport,
      MaskKeyGenerator keys,
      byte[] rx,
      int rxPos,
      int rxLimit,
      byte[] tx,
      ClientConfig config,
      int accept,
      Object endpoint,
      String subprotocol,
      Runnable release) {
    this.transport = transport;
    this.keys = keys;
    this.endpoint = endpoint;
    this.subprotocol = subprotocol;
    this.release = release;
    this.writer = new FrameWriter(transport, tx, keys);
    FrameParser parser =
        new FrameParser(
            FrameParser.ROLE_CLIENT, config.maxFramePayload(), config.maxMessagePayload(), accept);
    this.reader = new FrameReader(this, transport, rx, rxPos, rxLimit, parser);
  }

  /**
   * Connects (TCP, then TLS when secure), runs the HTTP upgrade and returns the open connection. On
   * any failure the socket is closed and {@code release} has run.
   */
  public static ClientConnection open(
      ClientConfig config,
      byte[][] template,
      SSLContext ssl,
      byte[] rx,
      byte[] tx,
      int accept,
      Runnable release)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(config.connectHost(), config.port()),
          (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()));
      long deadline = deadline(config.handshakeTimeoutMillis());
      Socket stream = socket;
      if (config.secure()) {
        stream = TlsSupport.wrap(ssl, socket, config, millisLeft(deadline));
      }
      return handshake(
          new StreamTransport(stream),
          config,
          template,
          rx,
          tx,
          accept,
          null,
          false,
          release,
          deadline);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      release.run();
      throw e;
    }
  }

  /**
   * Layers the protocol over a connected stream ({@code endpoint} is the {@code Socket} or {@code
   * SocketChannel} handed back by {@link #detach}), running the HTTP upgrade unless {@code
   * skipHandshake}.
   */
  public static ClientConnection attach(
      Object endpoint,
      ClientConfig config,
      byte[][] template,
      byte[] rx,
      byte[] tx,
      int accept,
      boolean skipHandshake,
      Runnable release)
      throws IOException {
    try {
      StreamTransport transport =
          endpoint instanceof java.nio.channels.SocketChannel channel
              ? StreamTransport.of(channel)
              : new StreamTransport((Socket) endpoint);
      return handshake(
          transport,
          config,
          template,
          rx,
          tx,
          accept,
          endpoint,
          skipHandshake,
          release,
          deadline(config.handshakeTimeoutMillis()));
    } catch (IOException | RuntimeException e) {
      release.run();
      throw e;
    }
  }

  private static ClientConnection handshake(
      Transport transport,
      ClientConfig config,
      byte[][] template,
      byte[] rx,
      byte[] tx,
      int accept,
      Object endpoint,
      boolean skip,
      Runnable release,
      long deadline)
      throws IOException {
    MaskKeyGenerator keys = new MaskKeyGenerator(SEEDS);
    if (skip) {
      return new ClientConnection(
          transport, keys, rx, 0, 0, tx, config, accept, endpoint, null, release);
    }
    ClientHandshake handshake = new ClientHandshake();
    int length = handshake.writeRequest(tx, template, keys);
    transport.write(tx, 0, length);
    long read = handshake.readResponse(transport, rx, deadline, config.subprotocols());
    int filled = (int) (read >>> 32);
    int consumed = (int) read;
    int selected = handshake.selectedProtocol();
    String protocol = selected < 0 ? null : config.subprotocols().get(selected);
    return new ClientConnection(
        transport, keys, rx, consumed, filled, tx, config, accept, endpoint, protocol, release);
  }

  // ---------------------------------------------------------------- sending

  /** Sends one frame (data or control) with the payload {@code src[offset, +length)}. */
  public int send(boolean fin, int opcode, byte[] src, int offset, int length) throws IOException {
    writeLock.lock();
    try {
      if (!closeState.outputOpen()) {
        return CLOSED;
      }
      writer.frame(fin, opcode, src, offset, length);
      return OK;
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Sends one frame with the payload {@code src}'s remaining bytes; advances its position. */
  public int send(boolean fin, int opcode, ByteBuffer src) throws IOException {
    writeLock.lock();
    try {
      if (!closeState.outputOpen()) {
        return CLOSED;
      }
      writer.frame(fin, opcode, src);
      return OK;
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Sends one text frame with {@code text} encoded as UTF-8 straight into the send buffer. */
  public int sendText(CharSequence text) throws IOException {
    FrameWriter.utf8Length(text); // refuse unpaired surrogates before taking the lock
    writeLock.lock();
    try {
      if (!closeState.outputOpen()) {
        return CLOSED;
      }
      if (fragmentType != WebSocketProtocol.OPCODE_NONE) {
        throw new IllegalStateException(
            "a whole message must not be sent inside the fragmented "
                + WebSocketProtocol.opcodeName(fragmentType)
                + " message in progress");
      }
      writer.text(true, WebSocketProtocol.OPCODE_TEXT, text);
      return OK;
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Sends a whole message or one fragment of a message: {@code type} is text or binary; {@code
   * first} starts a message, {@code last} ends it. Text bytes are validated as UTF-8 across the
   * fragments.
   */
  public int sendData(int type, boolean first, boolean last, byte[] src, int offset, int length)
      throws IOException {
    writeLock.lock();
    try {
      if (!closeState.outputOpen()) {
        return CLOSED;
      }
      if (first != (fragmentType == WebSocketProtocol.OPCODE_NONE)) {
        throw new IllegalStateException(
            first
                ? "a new message must not start inside the fragmented "
                    + WebSocketProtocol.opcodeName(fragmentType)
                    + " message in progress"
                : "a continuation fragment needs a fragmented message in progress, none is");
      }
      if (!first && type != fragmentType) {
        throw new IllegalStateException(
            "fragments of a "
                + WebSocketProtocol.opcodeName(fragmentType)
                + " message must not be "
                + WebSocketProtocol.opcodeName(type));
      }
      if (type == WebSocketProtocol.OPCODE_TEXT) {
        if (first) {
          sendUtf8.reset();
        }
        int bad = sendUtf8.validate(src, offset, length);
        if (bad != Utf8Validator.VALID || (last && !sendUtf8.isComplete())) {
          sendUtf8.reset();
          throw new IllegalArgumentException(
              bad != Utf8Validator.VALID
                  ? "text must be valid UTF-8, byte at index " + bad + " is not"
                  : "text must be valid UTF-8, the message ends inside a multi-byte sequence");
        }
      }
      writer.frame(last, first ? type : WebSocketProtocol.OPCODE_CONTINUATION, src, offset, length);
      fragmentType = last ? WebSocketProtocol.OPCODE_NONE : type;
      return OK;
    } catch (IOException e) {
      throw writeFailed(e);
    } finally {
      writeLock.unlock();
    }
  }

  void answerPing(byte[] payload, int offset, int length) throws IOException {
    send(true, WebSocketProtocol.OPCODE_PONG, payload, offset, length);
  }

  private IOException writeFailed(IOException e) {
    abort(CloseCodes.ABNORMAL, "");
    return e;
  }

  // ---------------------------------------------------------------- receiving

  /** {@code WebSocketClient.recv} on an array range. */
  public int recv(MessageHeader header, byte[] dst, int offset, int length, long timeoutMillis)
      throws IOException {
    readLock.lock();
    try {
      return reader.recv(header, dst, offset, length, deadline(timeoutMillis));
    } finally {
      readLock.unlock();
    }
  }

  /** {@code WebSocketClient.recv} into a buffer's remaining space; advances its position. */
  public int recv(MessageHeader header, ByteBuffer dst, long timeoutMillis) throws IOException {
    if (dst.hasArray()) {
      int n =
          recv(
              header,
              dst.array(),
              dst.arrayOffset() + dst.position(),
              dst.remaining(),
              timeoutMillis);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    }
    readLock.lock();
    try {
      if (directScratch == null) {
        directScratch = new byte[4096]; // once per connection, first direct-buffer receive only
      }
      int n =
          reader.recv(
              header,
              directScratch,
              0,
              Math.min(directScratch.length, dst.remaining()),
              deadline(timeoutMillis));
      if (n > 0) {
        dst.put(directScratch, 0, n);
      }
      return n;
    } finally {
      readLock.unlock();
    }
  }

  boolean inputOpen() {
    return closeState.inputOpen();
  }

  void closeReceived(byte[] payload, int offset, int length) throws IOException {
    closeState.onCloseReceived();
    int code = CloseCodes.code(payload, offset, length);
    String reason =
        length > 2 ? new String(payload, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
    status = new CloseStatus(code, reason);
    writeLock.lock();
    try {
      if (closeState.outputOpen()) {
        // Echo the peer's code (RFC 6455 5.5.1); an empty close is answered with an empty one.
        writer.close(code, payload, offset + 2, 0);
        closeState.onCloseSent();
      }
    } catch (IOException e) {
      // The close was received; failing to answer it only means the peer is already gone.
    } finally {
      writeLock.unlock();
    }
    finish();
  }

  IOException fail(FrameParser parser) {
    int code = parser.closeCode();
    if (writeLock.tryLock()) {
      try {
        if (closeState.outputOpen()) {
          byte[] reason = truncatedUtf8(parser.errorMessage());
          writer.close(code, reason, 0, reason.length);
          closeState.onCloseSent();
        }
      } catch (IOException e) {
        // Best effort: the connection is being failed anyway.
      } finally {
        writeLock.unlock();
      }
    }
    abort(CloseCodes.ABNORMAL, "");
    return parser.toException();
  }

  IOException eof() {
    abort(CloseCodes.ABNORMAL, "");
    return new EOFException(
        "the peer must send a close frame before closing the connection, it did not (1006)");
  }

  private void abort(int code, String reason) {
    if (status == null) {
      status = new CloseStatus(code, reason);
    }
    closeState.abort();
    transport.close();
    releaseOnce();
  }

  // ---------------------------------------------------------------- closing

  /**
   * Runs the closing handshake: sends our close (unless one was sent), then waits up to {@code
   * timeoutMillis} for the peer's close, discarding data that arrives meanwhile.
   *
   * @return true when both close frames were exchanged cleanly
   */
  public boolean close(int code, byte[] reason, long timeoutMillis) throws IOException {
    long deadline = deadline(timeoutMillis);
    writeLock.lock();
    try {
      if (closeState.outputOpen() && !closeState.aborted()) {
        writer.close(code, reason, 0, reason.length);
        closeState.onCloseSent();
      }
    } catch (IOException e) {
      abort(CloseCodes.ABNORMAL, "");
      return false;
    } finally {
      writeLock.unlock();
    }
    try {
      if (closeState.inputOpen()
          && readLock.tryLock(Math.max(0, millisLeft(deadline)), TimeUnit.MILLISECONDS)) {
        try {
          while (closeState.inputOpen()) {
            if (reader.recv(drainHeader, null, 0, 0, deadline) == TIMEOUT) {
              break;
            }
          }
        } catch (IOException e) {
          // The peer went away during the close: not a clean close, reported by the result.
        } finally {
          readLock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean clean = closeState.cleanlyClosed();
    if (!clean) {
      abort(CloseCodes.ABNORMAL, "");
    }
    finish();
    return clean;
  }

  /** After a close: closes the socket unless it was attached and closed cleanly. */
  private void finish() {
    if (closeState.state() == CloseState.CLOSED) {
      if (endpoint == null || !closeState.cleanlyClosed()) {
        transport.close();
      }
      releaseOnce();
    }
  }

  /**
   * Completes the closing handshake if needed and hands back the attached endpoint.
   *
   * @throws IOException when the close was not clean (the endpoint is then closed)
   * @throws IllegalStateException when the connection was opened, not attached
   */
  public Object detach(long timeoutMillis) throws IOException {
    if (endpoint == null) {
      throw new IllegalStateException("detach needs an attached connection; this one was opened");
    }
    if (closeState.state() != CloseState.CLOSED) {
      close(CloseCodes.NORMAL, new byte[0], timeoutMillis);
    }
    if (!closeState.cleanlyClosed()) {
      transport.close();
      throw new IOException(
          "detach needs a clean closing handshake, status was " + status + "; endpoint closed");
    }
    return endpoint;
  }

  private void releaseOnce() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }

  /** The endpoint given to {@link #attach}, or null for an opened connection. */
  public Object detachTarget() {
    return endpoint;
  }

  /** The peer's close status, or null while no close happened. */
  public CloseStatus status() {
    return status;
  }

  /** The subprotocol the server selected, or null. */
  public String subprotocol() {
    return subprotocol;
  }

  /** True while both directions are open. */
  public boolean isOpen() {
    return closeState.state() == CloseState.OPEN;
  }

  static long deadline(long timeoutMillis) {
    return timeoutMillis < 0
        ? Long.MAX_VALUE
        : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  static long millisLeft(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return -1;
    }
    return Math.max(0, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
  }

  private static byte[] truncatedUtf8(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(bytes.length, WebSocketProtocol.MAX_CLOSE_REASON);
    while (n > 0 && n < bytes.length && (bytes[n] & 0xC0) == 0x80) {
      n--; // do not cut a multi-byte character
    }
    return java.util.Arrays.copyOf(bytes, n);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already failing; the original error is what the caller needs.
    }
  }
}
