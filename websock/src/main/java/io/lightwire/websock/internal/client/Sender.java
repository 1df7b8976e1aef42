package io.lightwire.websock.internal.client;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.CloseHandshake;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.protocol.Utf8Encoding;
import io.lightwire.websock.protocol.Utf8Validator;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a connection: the write lock, the {@link FrameWriter}, the fragmented message
 * in progress, and the deadlines (libdill's convention, as a deadline in {@link System#nanoTime}
 * scale: {@link Long#MAX_VALUE} waits forever, a deadline already past tries once).
 *
 * <p>Unit of work: one call sends one frame, or returns {@link #TIMEOUT} when it could not get the
 * lock by the deadline (nothing was sent, the connection is intact) or when its write was still
 * blocked at the deadline ({@link WriteDeadline}: the connection was failed, 1006).
 *
 * <p>The receiving thread never waits for the lock: a pong or the answer to the peer's close that
 * it cannot send at once is left here and sent by whichever thread holds the lock next, before it
 * releases it. So a send blocked on a peer that does not read never blocks {@code recv}.
 *
 * <p>Thread-safe. Allocation-free, except on the failure paths.
 */
final class Sender {

  static final int OK = Result.OK;
  static final int CLOSED = Result.CLOSED;
  static final int TIMEOUT = Result.TIMEOUT;

  private static final byte[] NO_BYTES = new byte[0];

  private final ReentrantLock lock = new ReentrantLock();
  private final FrameWriter writer;
  private final CloseHandshake closeState;
  private final ClientConnection connection;
  private final WriteDeadline deadline;
  private final long controlTimeoutMillis;
  private final Utf8Validator utf8 = new Utf8Validator();
  private int fragmentType = WebSocketProtocol.OPCODE_NONE;

  // Control frames left by the receiving thread; guarded by `pong` for the payload.
  private final byte[] pong = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private int pongLength;
  private volatile boolean pongPending;
  private volatile int closeReply = Integer.MIN_VALUE;

  Sender(
      FrameWriter writer,
      CloseHandshake closeState,
      ClientConnection connection,
      long controlTimeoutMillis) {
    this.writer = writer;
    this.closeState = closeState;
    this.connection = connection;
    this.controlTimeoutMillis = controlTimeoutMillis;
    this.deadline = new WriteDeadline(() -> connection.abort(CloseCodes.ABNORMAL, ""));
    WriteWatchdog.register(deadline);
  }

  /** Stops the watchdog watching this connection; called once the connection ended. */
  void unregister() {
    WriteWatchdog.unregister(deadline);
  }

  /** One frame (data or control) with the payload {@code src[offset, +length)}. */
  int frame(boolean fin, int opcode, byte[] src, int offset, int length, long deadlineNanos)
      throws IOException {
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      deadline.arm(deadlineNanos);
      writer.frame(fin, opcode, src, offset, length);
      return written();
    } catch (IOException e) {
      return failed(e);
    } finally {
      release();
    }
  }

  /** One frame with {@code src}'s remaining bytes; advances its position. */
  int frame(boolean fin, int opcode, ByteBuffer src, long deadlineNanos) throws IOException {
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      deadline.arm(deadlineNanos);
      writer.frame(fin, opcode, src);
      return written();
    } catch (IOException e) {
      return failed(e);
    } finally {
      release();
    }
  }

  /** One whole text message, {@code text} encoded as UTF-8 straight into the send buffer. */
  int text(CharSequence text, long deadlineNanos) throws IOException {
    long length = Utf8Encoding.encodedLength(text); // refuses unpaired surrogates before the lock
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      if (fragmentType != WebSocketProtocol.OPCODE_NONE) {
        throw new IllegalStateException(
            "a whole message must not be sent inside the fragmented "
                + WebSocketProtocol.opcodeName(fragmentType)
                + " message in progress");
      }
      deadline.arm(deadlineNanos);
      writer.text(true, WebSocketProtocol.OPCODE_TEXT, text, length);
      return written();
    } catch (IOException e) {
      return failed(e);
    } finally {
      release();
    }
  }

  /**
   * Corks the connection: frames sent from now on (by any thread) collect in the send buffer and
   * are written when it is full, at {@link #uncork}, or with a pong or close.
   *
   * @return {@link #OK}, {@link #TIMEOUT} (lock not had by the deadline) or {@link #CLOSED}
   */
  int cork(long deadlineNanos) {
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      writer.cork();
      return OK;
    } finally {
      release();
    }
  }

  /**
   * Uncorks and writes what collected, in one write when it fits the send buffer.
   *
   * @return {@link #OK}, {@link #TIMEOUT} or {@link #CLOSED}, as a send
   */
  int uncork(long deadlineNanos) throws IOException {
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      writer.uncork();
      deadline.arm(deadlineNanos);
      writer.flush();
      return written();
    } catch (IOException e) {
      return failed(e);
    } finally {
      release();
    }
  }

  /** Write calls made on the socket so far. */
  long writes() {
    return writer.writes();
  }

  /**
   * A whole message or one fragment: {@code type} is text or binary; {@code first} starts a
   * message, {@code last} ends it. Text is validated as UTF-8 across the fragments.
   */
  int data(
      int type, boolean first, boolean last, byte[] src, int offset, int length, long deadlineNanos)
      throws IOException {
    int status = begin(deadlineNanos);
    if (status != OK) {
      return status;
    }
    try {
      checkSequence(type, first);
      if (type == WebSocketProtocol.OPCODE_TEXT) {
        checkUtf8(first, last, src, offset, length);
      }
      deadline.arm(deadlineNanos);
      writer.frame(last, first ? type : WebSocketProtocol.OPCODE_CONTINUATION, src, offset, length);
      int result = written();
      fragmentType = last ? WebSocketProtocol.OPCODE_NONE : type;
      return result;
    } catch (IOException e) {
      return failed(e);
    } finally {
      release();
    }
  }

  private void checkSequence(int type, boolean first) {
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
  }

  private void checkUtf8(boolean first, boolean last, byte[] src, int offset, int length) {
    if (first) {
      utf8.reset();
    }
    int bad = utf8.validate(src, offset, length);
    if (bad != Utf8Validator.VALID || (last && !utf8.isComplete())) {
      utf8.reset();
      throw new IllegalArgumentException(
          bad != Utf8Validator.VALID
              ? "text must be valid UTF-8, byte at index " + bad + " is not"
              : "text must be valid UTF-8, the message ends inside a multi-byte sequence");
    }
  }

  /**
   * Our close frame: empty for {@link CloseCodes#NO_STATUS}, else the code and reason.
   *
   * @return {@link #OK} when it was sent now or before, {@link #TIMEOUT} when the lock or the write
   *     missed the deadline, {@link #CLOSED} when the write failed
   */
  int close(int code, byte[] reason, int offset, int length, long deadlineNanos) {
    if (!acquire(deadlineNanos)) {
      return TIMEOUT;
    }
    try {
      if (closeState.outputOpen() && !closeState.failed()) {
        deadline.arm(deadlineNanos);
        writer.close(code, reason, offset, length);
        if (deadline.disarm()) {
          return TIMEOUT;
        }
        closeState.onCloseSent();
      }
      return OK;
    } catch (IOException e) {
      return deadline.disarm() ? TIMEOUT : CLOSED;
    } finally {
      release();
    }
  }

  /**
   * The receiving thread failing the connection: sends the close with {@code code} if the lock is
   * free now (best effort: the socket is closed right after).
   */
  void failClose(int code, byte[] reason) {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (closeState.outputOpen()) {
        deadline.arm(ClientConnection.deadline(controlTimeoutMillis));
        writer.close(code, reason, 0, reason.length);
        closeState.onCloseSent();
      }
    } catch (IOException e) {
      // Best effort: the connection is being failed anyway.
    } finally {
      deadline.disarm();
      lock.unlock();
    }
  }

  /** The receiving thread answering a ping: sent now when the lock is free, else by its holder. */
  void pong(byte[] payload, int offset, int length) {
    synchronized (pong) {
      System.arraycopy(payload, offset, pong, 0, length);
      pongLength = length; // RFC 6455 5.5.3: answering only the latest ping is allowed
      pongPending = true;
    }
    if (lock.tryLock()) {
      release();
    }
  }

  /** The receiving thread answering the peer's close with {@code code}: now or by the holder. */
  void closeReply(int code) {
    closeReply = code;
    if (lock.tryLock()) {
      release();
    }
  }

  /**
   * Takes the write lock by the deadline and checks the output is open: {@link #OK} (the caller
   * holds the lock and must {@link #release} it), else {@link #TIMEOUT} or {@link #CLOSED} (it does
   * not).
   */
  private int begin(long deadlineNanos) {
    if (!acquire(deadlineNanos)) {
      return TIMEOUT;
    }
    if (!closeState.outputOpen()) {
      release();
      return CLOSED;
    }
    return OK;
  }

  private boolean acquire(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      lock.lock();
      return true;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return lock.tryLock();
    }
    try {
      return lock.tryLock(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends the control frames the receiving thread left, then unlocks; see the class comment. */
  private void release() {
    deadline.disarm(); // a write that threw a RuntimeException must not stay watched
    while (true) {
      if (pongPending || closeReply != Integer.MIN_VALUE) {
        flushControl();
      }
      lock.unlock();
      if ((!pongPending && closeReply == Integer.MIN_VALUE) || !lock.tryLock()) {
        break;
      }
    }
    connection.unlocked(); // an ended connection's buffers go back once no thread is inside
  }

  /** Takes the write lock only if it is free now (no write in progress); see {@link #unhold}. */
  boolean tryHold() {
    return lock.tryLock();
  }

  /** Lets go of the lock {@link #tryHold} took, without flushing anything. */
  void unhold() {
    lock.unlock();
  }

  private void flushControl() {
    int code = closeReply;
    try {
      if (pongPending) {
        synchronized (pong) {
          pongPending = false;
          if (closeState.outputOpen() && !deadline.expired()) {
            deadline.arm(ClientConnection.deadline(controlTimeoutMillis));
            writer.pong(pong, 0, pongLength);
            deadline.disarm();
          }
        }
      }
      if (code != Integer.MIN_VALUE) {
        closeReply = Integer.MIN_VALUE;
        if (closeState.outputOpen() && !deadline.expired()) {
          // Echo the peer's code (RFC 6455 5.5.1); an empty close is answered with an empty one.
          deadline.arm(ClientConnection.deadline(controlTimeoutMillis));
          writer.close(code, NO_BYTES, 0, 0);
          deadline.disarm();
          closeState.onCloseSent();
        }
        connection.finish();
      }
    } catch (IOException e) {
      deadline.disarm();
      // The peer is gone or stopped reading: the connection cannot continue.
      connection.abort(CloseCodes.ABNORMAL, "");
    }
  }

  /** After a write returned: OK, or TIMEOUT when the watchdog expired it meanwhile. */
  private int written() {
    return deadline.disarm() ? TIMEOUT : OK;
  }

  /**
   * A write threw: TIMEOUT when the watchdog expired it (the connection is failed), CLOSED when
   * another thread failed or closed the connection meanwhile, else the connection is failed and the
   * exception thrown.
   */
  private int failed(IOException e) throws IOException {
    if (deadline.disarm()) {
      return TIMEOUT;
    }
    if (closeState.failed()) {
      return CLOSED;
    }
    connection.abort(CloseCodes.ABNORMAL, "");
    throw e;
  }
}
