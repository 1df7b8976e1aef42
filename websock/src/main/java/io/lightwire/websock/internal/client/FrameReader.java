package io.lightwire.websock.internal.client;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PONG;

import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.protocol.FrameCallback;
import io.lightwire.websock.protocol.FrameDriver;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.Result;
import java.io.IOException;

/**
 * Reads frames from the transport through the connection's receive buffer with the shared {@link
 * FrameDriver} and delivers payload with seed 004's {@code websock_recv} semantics.
 *
 * <p>One {@link #recv} call: reads until a data frame's header is complete, handling control frames
 * on the way (a ping is answered with a pong and not reported; a pong or close is reported), then
 * copies as many of that frame's payload bytes as are available and fit (at least one, unless the
 * frame is empty), and returns their count. A frame larger than the caller's buffer is delivered
 * over several calls; {@link MessageHeader#remaining()} tells how much is left. Reads are large:
 * one read fills the receive buffer with as many frames as the socket has, and later calls deliver
 * them one by one without a syscall. When the receive buffer is empty in the middle of a data frame
 * and the caller's buffer is large, payload is read straight into the caller's buffer (no copy).
 * Parse state survives a timeout, so a timed-out call loses nothing.
 *
 * <p>Called by one thread at a time (the connection's read lock). Allocation-free except on the
 * close and error paths.
 */
final class FrameReader implements FrameCallback {

  /** The callback delivered nothing to the caller (a ping, answered). */
  private static final int NOTHING = Integer.MIN_VALUE;

  private final ClientConnection connection;
  private final Transport transport;
  private final byte[] rx;
  private final FrameDriver driver;
  private int rxPos;
  private int rxLimit;
  private long reads;

  // The current recv call's target, for the callbacks.
  private MessageHeader header;
  private byte[] dst;
  private int dstOffset;
  private int dstLength;
  private int delivered;

  FrameReader(
      ClientConnection connection,
      Transport transport,
      byte[] rx,
      int rxPos,
      int rxLimit,
      FrameParser parser) {
    this.connection = connection;
    this.transport = transport;
    this.rx = rx;
    this.rxPos = rxPos;
    this.rxLimit = rxLimit;
    this.driver = new FrameDriver(parser, this);
  }

  /**
   * Delivers the next payload bytes into {@code dst[offset, offset + length)}, or discards them
   * when {@code dst} is null (draining during close).
   *
   * @return bytes delivered (>= 0), {@link Result#TIMEOUT} or {@link Result#CLOSED} (input already
   *     closed)
   */
  int recv(MessageHeader header, byte[] dst, int offset, int length, long deadlineNanos)
      throws IOException {
    this.header = header;
    this.dst = dst;
    this.dstOffset = offset;
    this.dstLength = dst == null ? Integer.MAX_VALUE : length;
    try {
      while (true) {
        if (!connection.inputOpen()) {
          header.clear();
          return Result.CLOSED;
        }
        if (driver.inDataPayload() && dstLength == 0) {
          setHeader();
          return 0;
        }
        delivered = NOTHING;
        if (rxPos == rxLimit) {
          if (driver.inDataPayload() && dst != null) {
            int n = readDirect(deadlineNanos);
            if (n == Result.TIMEOUT) {
              setHeader();
              return Result.TIMEOUT;
            }
            step(dst, offset, n);
            return delivered;
          }
          if (fill(deadlineNanos) == Result.TIMEOUT) {
            if (driver.inDataPayload()) {
              setHeader();
            } else {
              header.clear();
            }
            return Result.TIMEOUT;
          }
        }
        rxPos += step(rx, rxPos, rxLimit - rxPos);
        if (delivered != NOTHING) {
          return delivered;
        }
      }
    } finally {
      this.header = null;
      this.dst = null;
    }
  }

  /** Read calls made on the transport so far (tests count syscalls with it). */
  long reads() {
    return reads;
  }

  private int step(byte[] src, int from, int available) throws IOException {
    int n = driver.step(src, from, available, dstLength);
    if (n == FrameDriver.ERROR) {
      throw connection.fail(driver.parser());
    }
    return n;
  }

  private void setHeader() {
    header.set(
        driver.fin(),
        driver.frameOpcode(),
        driver.messageType(),
        driver.frameLength(),
        driver.payloadRemaining());
  }

  @Override
  public void onData(byte[] buf, int offset, int length) {
    if (dst != null && buf != dst) {
      System.arraycopy(buf, offset, dst, dstOffset, length);
    }
    setHeader();
    delivered = length;
  }

  @Override
  public void onPing(byte[] payload, int offset, int length) {
    connection.answerPing(payload, offset, length);
  }

  @Override
  public void onPong(byte[] payload, int offset, int length) {
    int n = dst == null ? 0 : Math.min(dstLength, length);
    if (n > 0) {
      System.arraycopy(payload, offset, dst, dstOffset, n);
    }
    header.set(true, OPCODE_PONG, OPCODE_PONG, length, 0);
    delivered = n;
  }

  @Override
  public void onClose(int code, byte[] payload, int offset, int length) {
    connection.closeReceived(payload, offset, length);
    header.set(true, OPCODE_CLOSE, OPCODE_CLOSE, length, 0);
    delivered = 0;
  }

  /** Reads the current data frame's payload straight into the caller's buffer. */
  private int readDirect(long deadlineNanos) throws IOException {
    int want = (int) Math.min(dstLength, driver.payloadRemaining());
    reads++;
    int n = transport.read(dst, dstOffset, want, ClientConnection.millisLeft(deadlineNanos));
    if (n == Transport.TIMEOUT) {
      return Result.TIMEOUT;
    }
    if (n == Transport.EOF) {
      throw connection.eof();
    }
    return n;
  }

  /** Refills the empty receive buffer with one read of as much as it holds. */
  private int fill(long deadlineNanos) throws IOException {
    rxPos = 0;
    rxLimit = 0;
    reads++;
    int n = transport.read(rx, 0, rx.length, ClientConnection.millisLeft(deadlineNanos));
    if (n == Transport.TIMEOUT) {
      return Result.TIMEOUT;
    }
    if (n == Transport.EOF) {
      throw connection.eof();
    }
    rxLimit = n;
    return n;
  }
}
