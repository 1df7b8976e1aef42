package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;

/**
 * The receiving half of one slot's WebSocket session: drives the shared {@link FrameParser} over
 * the slot's receive buffer, joins fragments into the message buffer (or hands raw pieces to
 * handlers that want them), answers pings, and passes close frames and violations to the session.
 *
 * <p>Service thread only. Nothing is allocated per frame or per message.
 */
final class FrameReceiver {

  private final WebSocketSession session;
  private final Connection connection;
  private final FrameParser parser;
  private final byte[] controlPayload = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private final ByteBuffer controlView = ByteBuffer.wrap(controlPayload).asReadOnlyBuffer();
  private ByteBuffer message;
  private ByteBuffer messageView;
  private int messageLength;
  private ByteBuffer rxView;
  private int controlLength;
  private int frameOpcode;
  private int messageOpcode;
  private boolean frameFin;

  FrameReceiver(WebSocketSession session, Connection connection, int maxFrame, int maxMessage) {
    this.session = session;
    this.connection = connection;
    this.parser =
        new FrameParser(FrameParser.ROLE_SERVER, maxFrame, maxMessage, FrameParser.ACCEPT_ANY);
  }

  /** A new connection assembles its messages in {@code messageBuffer}. */
  void reset(ByteBuffer messageBuffer) {
    message = messageBuffer;
    messageView = messageBuffer.asReadOnlyBuffer();
    rxView = connection.rx.asReadOnlyBuffer();
    messageLength = 0;
    controlLength = 0;
    parser.reset();
  }

  /** The message buffer to give back to its pool, or null; forgets it. */
  ByteBuffer takeMessageBuffer() {
    ByteBuffer b = message;
    message = null;
    messageView = null;
    rxView = null;
    return b;
  }

  /**
   * Consumes the frames in {@code rx[0, position)}, leaving an incomplete header's bytes for the
   * next read. Returns false when the connection must close once its output is written.
   */
  boolean onBytes() {
    ByteBuffer rx = connection.rx;
    if (session.state == WebSocketSession.State.FAILED) {
      return !CloseAnswer.arrived(rx); // the parser is corrupt: only the peer's close matters
    }
    byte[] array = rx.array();
    int base = rx.arrayOffset();
    int end = rx.position();
    int pos = 0;
    boolean keepOpen = true;
    while (pos < end && session.receiving()) {
      if (!parser.inPayload()) {
        int n = parser.parseHeader(array, base + pos, end - pos);
        if (n == FrameParser.ERROR) {
          fail();
          return afterFailure(rx, base + pos, base + end);
        }
        pos += n;
        if (!parser.inPayload()) {
          break; // the header continues in the next read
        }
        frameOpcode = parser.opcode();
        frameFin = parser.fin();
        messageOpcode = parser.messageOpcode();
        if (parser.payloadRemaining() == 0 && !endOfPayload(array, base + pos, 0)) {
          keepOpen = failed();
          break;
        }
        continue;
      }
      int take = (int) Math.min(parser.payloadRemaining(), end - pos);
      if (!endOfPayload(array, base + pos, take)) {
        keepOpen = failed();
        pos = failed() ? pos + take : end;
        break;
      }
      pos += take;
    }
    if (failed()) {
      return afterFailure(rx, base + pos, base + end);
    }
    // Keep what was not consumed (a header split across reads, or input while paused).
    rx.limit(end).position(pos);
    rx.compact();
    return keepOpen && session.state != WebSocketSession.State.CLOSED;
  }

  private boolean failed() {
    return session.state == WebSocketSession.State.FAILED;
  }

  /**
   * The connection just failed: when the violating frame was the peer's close (an invalid one), or
   * the input after it ends with the peer's answer to our close, the connection can end as soon as
   * our close is written (false); else it lingers, discarding input (true).
   */
  private boolean afterFailure(ByteBuffer rx, int from, int end) {
    if (session.closeHandshake.received) {
      rx.clear();
      return false;
    }
    return !CloseAnswer.arrivedAfter(rx, from - rx.arrayOffset(), end - rx.arrayOffset());
  }

  /**
   * Hands {@code length} payload bytes at {@code array[offset]} to the parser and, when the frame
   * ends, acts on it. Returns false when the connection must close.
   */
  private boolean endOfPayload(byte[] array, int offset, int length) {
    WebSocketHandler handler = session.handler();
    boolean control = WebSocketProtocol.isControl(frameOpcode);
    boolean fragments = !control && handler.wantsFragments();
    int result;
    if (control) {
      System.arraycopy(array, offset, controlPayload, controlLength, length);
      result = parser.payload(controlPayload, controlLength, length);
      controlLength += Math.max(0, length);
    } else if (fragments) {
      result = parser.payload(array, offset, length);
      if (result != FrameParser.ERROR && session.isOpen()) {
        int relative = offset - connection.rx.arrayOffset();
        rxView.limit(relative + length).position(relative);
        handler.onFragment(
            session.handle(), messageOpcode, frameFin, rxView, parser.payloadRemaining());
      }
    } else {
      byte[] target = message.array();
      int at = message.arrayOffset() + messageLength;
      System.arraycopy(array, offset, target, at, length);
      result = parser.payload(target, at, length);
      messageLength += Math.max(0, length);
    }
    if (result == FrameParser.ERROR) {
      return fail();
    }
    if (parser.inPayload()) {
      return true;
    }
    if (control) {
      return onControlFrame();
    }
    if (frameFin && !fragments) {
      int length0 = messageLength;
      messageLength = 0;
      if (session.isOpen()) {
        messageView.limit(length0).position(0);
        handler.onMessage(
            session.handle(), messageOpcode == WebSocketProtocol.OPCODE_TEXT, messageView);
      }
    }
    return true;
  }

  private boolean onControlFrame() {
    int length = controlLength;
    controlLength = 0;
    controlView.limit(length).position(0);
    switch (frameOpcode) {
      case WebSocketProtocol.OPCODE_PING -> {
        if (session.isOpen()) {
          session.onPing(controlPayload, length, controlView);
        }
        return true;
      }
      case WebSocketProtocol.OPCODE_PONG -> {
        session.onPong(controlView);
        return true;
      }
      default -> {
        if (parser.checkClose(controlPayload, 0, length) == FrameParser.ERROR) {
          return fail();
        }
        session.onPeerClose(controlPayload, length);
        return false;
      }
    }
  }

  /**
   * The parser found a violation: the session closes with its code and rule (RFC 6455 7.1.7) and
   * lingers briefly, discarding input, so the peer reads the close before the connection ends.
   */
  private boolean fail() {
    session.fail(
        parser.closeCode(),
        parser.errorMessage(),
        parser.opcode() == WebSocketProtocol.OPCODE_CLOSE);
    return false;
  }
}
