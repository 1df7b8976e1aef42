package io.lightwire.websock.internal.client;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.CloseStatus;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.CloseHandshake;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection: owns the transport, the reader, the {@link Sender}, the close handshake state and
 * the read lock. {@code WebSocketClient} is its public face; {@link ConnectionOpener} makes it. The
 * role is the client's (masked frames out, unmasked in) or, for {@code ws_attach_server}, the
 * server's (the reverse): the same engine either way.
 *
 * <p>Thread rules: sends hold the sender's write lock; {@code recv} and the close drain hold the
 * read lock. So one thread may receive while others send. The receiving thread never waits for the
 * write lock (see {@link Sender}).
 */
public final class ClientConnection {

  /** Send result: the frame was written. */
  public static final int OK = Result.OK;

  /** Result: the connection is closed in that direction. */
  public static final int CLOSED = Result.CLOSED;

  /** Result: nothing arrived, or a send did not complete, within the timeout. */
  public static final int TIMEOUT = Result.TIMEOUT;

  /** How long after its deadline a blocked write ends at most: two watchdog periods. */
  public static final long SEND_DEADLINE_GRACE_MILLIS = 2 * WriteWatchdog.PERIOD_MILLIS;

  private final Transport transport;
  private final Sender sender;
  private final FrameReader reader;
  private final CloseHandshake closeState = new CloseHandshake();
  private final ReentrantLock readLock = new ReentrantLock();
  private final MessageHeader drainHeader = new MessageHeader();
  private final Object endpoint;
  private final String subprotocol;
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean ended;
  private byte[] directScratch;
  private volatile CloseStatus status;

  /**
   * A connection over an open transport whose handshake is done; {@code rx[rxPos, rxLimit)} holds
   * frame bytes that arrived with the handshake.
   */
  ClientConnection(
      Transport transport,
      boolean serverRole,
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
    this.endpoint = endpoint;
    this.subprotocol = subprotocol;
    this.release = release;
    this.sender =
        new Sender(
            new FrameWriter(transport, tx, keys, !serverRole),
            closeState,
            this,
            config.sendTimeoutMillis());
    FrameParser parser =
        new FrameParser(
            serverRole ? FrameParser.ROLE_SERVER : FrameParser.ROLE_CLIENT,
            config.maxFramePayload(),
            config.maxMessagePayload(),
            accept);
    this.reader = new FrameReader(this, transport, rx, rxPos, rxLimit, parser);
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends one frame (data or control) with the payload {@code src[offset, +length)}.
   *
   * @param timeoutMillis -1 waits without limit, 0 tries once, else milliseconds
   * @return {@link #OK}, {@link #CLOSED} or {@link #TIMEOUT}
   */
  public int send(boolean fin, int opcode, byte[] src, int offset, int length, long timeoutMillis)
      throws IOException {
    return sender.frame(fin, opcode, src, offset, length, deadline(timeoutMillis));
  }

  /** Sends one frame with the payload {@code src}'s remaining bytes; advances its position. */
  public int send(boolean fin, int opcode, ByteBuffer src, long timeoutMillis) throws IOException {
    return sender.frame(fin, opcode, src, deadline(timeoutMillis));
  }

  /** Sends one text message with {@code text} encoded as UTF-8 straight into the send buffer. */
  public int sendText(CharSequence text, long timeoutMillis) throws IOException {
    return sender.text(text, deadline(timeoutMillis));
  }

  /**
   * Sends a whole message or one fragment of a message: {@code type} is text or binary; {@code
   * first} starts a message, {@code last} ends it. Text bytes are validated as UTF-8 across the
   * fragments.
   */
  public int sendData(
      int type, boolean first, boolean last, byte[] src, int offset, int length, long timeoutMillis)
      throws IOException {
    return sender.data(type, first, last, src, offset, length, deadline(timeoutMillis));
  }

  /** {@code WebSocketClient.cork}: later frames collect in the send buffer. */
  public int cork(long timeoutMillis) {
    return sender.cork(deadline(timeoutMillis));
  }

  /** {@code WebSocketClient.uncork}: writes what collected, in one write when it fits. */
  public int uncork(long timeoutMillis) throws IOException {
    return sender.uncork(deadline(timeoutMillis));
  }

  /** Write calls made on the socket so far (handshake excluded). */
  public long writes() {
    return sender.writes();
  }

  /** Read calls made on the socket for frames so far (handshake excluded). */
  public long reads() {
    return reader.reads();
  }

  void answerPing(byte[] payload, int offset, int length) {
    sender.pong(payload, offset, length);
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
      unlocked();
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
      unlocked();
    }
  }

  boolean inputOpen() {
    return closeState.inputOpen();
  }

  void closeReceived(byte[] payload, int offset, int length) {
    closeState.onCloseReceived();
    int code = CloseCodes.code(payload, offset, length);
    String reason =
        length > 2 ? new String(payload, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
    status = new CloseStatus(code, reason);
    sender.closeReply(code); // now, or by the thread holding the write lock when it releases it
    finish();
  }

  IOException fail(FrameParser parser) {
    sender.failClose(parser.closeCode(), truncatedUtf8(parser.errorMessage()));
    abort(CloseCodes.ABNORMAL, "");
    return parser.toException();
  }

  IOException eof() {
    abort(CloseCodes.ABNORMAL, "");
    return new EOFException(
        "the peer must send a close frame before closing the connection, it did not (1006)");
  }

  /** Fails the connection: records the status (unless one is known) and closes the socket. */
  void abort(int code, String reason) {
    if (status == null) {
      status = new CloseStatus(code, reason);
    }
    closeState.fail();
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
    if (sender.close(code, reason, 0, reason.length, deadline) != OK) {
      // A send still holds the lock, or our close could not be written, by the deadline: give up
      // (closing the socket also ends that blocked send).
      abort(CloseCodes.ABNORMAL, "");
      return false;
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
          unlocked();
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
  void finish() {
    if (closeState.state() == CloseHandshake.CLOSED) {
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
    if (closeState.state() != CloseHandshake.CLOSED) {
      close(CloseCodes.NORMAL, new byte[0], timeoutMillis);
    }
    if (!closeState.cleanlyClosed()) {
      transport.close();
      throw new IOException(
          "detach needs a clean closing handshake, status was " + status + "; endpoint closed");
    }
    return endpoint;
  }

  /**
   * The connection ended: its buffers go back once no thread is inside them. A thread that fails
   * the connection while another still sends or receives must not hand the buffers to the next
   * connection under that thread; the last one out (see {@link #unlocked}) releases them.
   */
  private void releaseOnce() {
    ended = true;
    unlocked();
  }

  /**
   * Called after the read or the write lock was let go: releases the buffers when both are free.
   */
  void unlocked() {
    if (!ended || released.get() || !sender.tryHold()) {
      return;
    }
    try {
      if (!readLock.tryLock()) {
        return;
      }
      try {
        if (released.compareAndSet(false, true)) {
          sender.unregister();
          release.run();
        }
      } finally {
        readLock.unlock();
      }
    } finally {
      sender.unhold();
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
    return closeState.state() == CloseHandshake.OPEN;
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
    byte[] bytes = new byte[WebSocketProtocol.MAX_CLOSE_REASON];
    return Arrays.copyOf(bytes, Utf8Encoding.truncated(message, bytes, 0, bytes.length));
  }
}
