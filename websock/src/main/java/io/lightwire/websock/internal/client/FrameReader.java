package io.lightwire.websock.internal.client;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_NONE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PING;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PONG;

import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;

/**
 * Reads frames from the transport through the connection's receive buffer and delivers payload with
 * seed 004's {@code websock_recv} semantics.
 *
 * <p>One {@link #recv} call: reads until a data frame's header is complete, handling control frames
 * on the way (a ping is answered with a pong and not reported; a pong or close is reported), then
 * copies as many of that frame's payload bytes as are available and fit (at least one, unless the
 * frame is empty), and returns their count. A frame larger than the caller's buffer is delivered
 * over several calls; {@link MessageHeader#remaining()} tells how much is left. When the receive
 * buffer is empty and the caller's buffer is large, payload is read straight into the caller's
 * buffer (no copy). Parse state survives a timeout, so a timed-out call loses nothing.
 *
 * <p>Called by one thread at a time (the connection's read lock). Allocation-free except on the
 * close and error paths.
 */
final class FrameReader {

  static final int TIMEOUT = -2;
  static final int CLOSED = -1;

  private final ClientConnection connection;
  private final Transport transport;
  private final byte[] rx;
  private final FrameParser parser;
  private final byte[] control = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private int controlLength;
  private int rxPos;
  private int rxLimit;

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
    this.parser = parser;
  }

  /**
   * Delivers the next payload bytes into {@code dst[offset, offset + length)}, or discards them
   * when {@code dst} is null (draining during close).
   *
   * @return bytes delivered (>= 0), {@link #TIMEOUT} or {@link #CLOSED} (input already closed)
   */
  int recv(MessageHeader header, byte[] dst, int offset, int length, long deadlineNanos)
      throws IOException {
    while (true) {
      if (!connection.inputOpen()) {
        header.clear();
        return CLOSED;
      }
      if (!parser.inPayload()) {
        if (rxPos == rxLimit && fill(deadlineNanos) == TIMEOUT) {
          header.clear();
          return TIMEOUT;
        }
        int n = parser.parseHeader(rx, rxPos, rxLimit - rxPos);
        if (n == FrameParser.ERROR) {
          throw connection.fail(parser);
        }
        rxPos += n;
        if (!parser.inPayload()) {
          continue;
        }
        controlLength = 0;
        if (!parser.isControlFrame() && parser.payloadLength() == 0) {
          // The type first: ending the frame ends the message, and the parser forgets its type.
          int type = messageType();
          if (parser.payload(rx, rxPos, 0) == FrameParser.ERROR) {
            throw connection.fail(parser);
          }
          header.set(parser.fin(), parser.opcode(), type, 0, 0);
          return 0;
        }
      }
      if (parser.isControlFrame()) {
        int result = control(header, dst, offset, length, deadlineNanos);
        if (result == Integer.MIN_VALUE) {
          continue; // a ping, answered
        }
        return result;
      }
      return data(header, dst, offset, length, deadlineNanos);
    }
  }

  private int messageType() {
    int type = parser.messageOpcode();
    return type == OPCODE_NONE ? parser.opcode() : type;
  }

  private int data(MessageHeader header, byte[] dst, int offset, int length, long deadlineNanos)
      throws IOException {
    boolean fin = parser.fin();
    int opcode = parser.opcode();
    int type = messageType();
    long frameLength = parser.payloadLength();
    int want = (int) Math.min(length, parser.payloadRemaining());
    if (dst == null) {
      want = (int) Math.min(Integer.MAX_VALUE, parser.payloadRemaining());
    }
    if (want == 0) {
      header.set(fin, opcode, type, frameLength, parser.payloadRemaining());
      return 0;
    }
    int n;
    if (rxPos < rxLimit) {
      n = Math.min(want, rxLimit - rxPos);
      if (dst != null) {
        System.arraycopy(rx, rxPos, dst, offset, n);
      }
    } else if (dst != null) {
      n = transport.read(dst, offset, want, ClientConnection.millisLeft(deadlineNanos));
      if (n == Transport.TIMEOUT) {
        header.set(fin, opcode, type, frameLength, parser.payloadRemaining());
        return TIMEOUT;
      }
      if (n == Transport.EOF) {
        throw connection.eof();
      }
    } else {
      if (fill(deadlineNanos) == TIMEOUT) {
        return TIMEOUT;
      }
      n = Math.min(want, rxLimit - rxPos);
    }
    // Validation (UTF-8) runs on the delivered bytes; when discarding, on the receive buffer.
    int result = dst != null ? parser.payload(dst, offset, n) : parser.payload(rx, rxPos, n);
    if (rxPos < rxLimit) {
      rxPos += n;
    }
    if (result == FrameParser.ERROR) {
      throw connection.fail(parser);
    }
    header.set(fin, opcode, type, frameLength, parser.payloadRemaining());
    return n;
  }

  /** Collects a control frame; returns MIN_VALUE for an answered ping, else the recv result. */
  private int control(MessageHeader header, byte[] dst, int offset, int length, long deadlineNanos)
      throws IOException {
    while (parser.inPayload()) {
      int want = (int) parser.payloadRemaining();
      if (want > 0 && rxPos == rxLimit && fill(deadlineNanos) == TIMEOUT) {
        header.clear();
        return TIMEOUT;
      }
      int n = Math.min(want, rxLimit - rxPos);
      System.arraycopy(rx, rxPos, control, controlLength, n);
      rxPos += n;
      if (parser.payload(control, controlLength, n) == FrameParser.ERROR) {
        throw connection.fail(parser);
      }
      controlLength += n;
    }
    int opcode = parser.opcode();
    if (opcode == OPCODE_PING) {
      connection.answerPing(control, 0, controlLength);
      return Integer.MIN_VALUE;
    }
    if (opcode == OPCODE_PONG) {
      int n = dst == null ? 0 : Math.min(length, controlLength);
      if (n > 0) {
        System.arraycopy(control, 0, dst, offset, n);
      }
      header.set(true, OPCODE_PONG, OPCODE_PONG, controlLength, 0);
      return n;
    }
    // OPCODE_CLOSE
    if (parser.checkClose(control, 0, controlLength) == FrameParser.ERROR) {
      throw connection.fail(parser);
    }
    connection.closeReceived(control, 0, controlLength);
    header.set(true, OPCODE_CLOSE, OPCODE_CLOSE, controlLength, 0);
    return 0;
  }

  /** Refills the empty receive buffer; returns TIMEOUT or the byte count, throws on EOF. */
  private int fill(long deadlineNanos) throws IOException {
    rxPos = 0;
    rxLimit = 0;
    int n = transport.read(rx, 0, rx.length, ClientConnection.millisLeft(deadlineNanos));
    if (n == Transport.TIMEOUT) {
      return TIMEOUT;
    }
    if (n == Transport.EOF) {
      throw connection.eof();
    }
    rxLimit = n;
    return n;
  }
}
