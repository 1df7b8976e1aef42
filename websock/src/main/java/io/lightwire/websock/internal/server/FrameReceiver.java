package io.lightwire.websock.internal.server;

import io.lightwire.websock.protocol.FrameCallback;
import io.lightwire.websock.protocol.FrameDriver;
import io.lightwire.websock.protocol.FrameParser;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;

/**
 * The receiving half of one slot's WebSocket session: drives the shared {@link FrameDriver} (the
 * same loop body as the client's) over the slot's receive buffer, joins fragments into the message
 * buffer (or hands raw pieces to handlers that want them), and passes pings, pongs, close frames
 * and violations to the session. A message that arrived whole in one read is handed over where it
 * lies in the receive buffer; only a message split across reads or frames is copied to be joined.
 *
 * <p>Service thread only. Nothing is allocated per frame or per message.
 */
final class FrameReceiver implements FrameCallback {

  private final WebSocketSession session;
  private final Connection connection;
  private final FrameDriver driver;
  private final ByteBuffer controlView;
  private ByteBuffer message;
  private ByteBuffer messageView;
  private int messageLength;
  private ByteBuffer rxView;

  FrameReceiver(WebSocketSession session, Connection connection, int maxFrame, int maxMessage) {
    this.session = session;
    this.connection = connection;
    this.driver =
        new FrameDriver(
            new FrameParser(FrameParser.ROLE_SERVER, maxFrame, maxMessage, FrameParser.ACCEPT_ANY),
            this);
    this.controlView = ByteBuffer.wrap(driver.controlBuffer()).asReadOnlyBuffer();
  }

  /** A new connection assembles its messages in {@code messageBuffer}. */
  void reset(ByteBuffer messageBuffer) {
    message = messageBuffer;
    messageView = messageBuffer.asReadOnlyBuffer();
    rxView = connection.rx.asReadOnlyBuffer();
    messageLength = 0;
    driver.reset();
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
   * Consumes the frames in {@code rx[0, position)} step by step (the parser keeps a header split
   * across reads), stopping when the session stops receiving (paused, closed). Returns false when
   * the connection must close once its output is written.
   */
  boolean onBytes() {
    ByteBuffer rx = connection.rx;
    if (failed()) {
      return !CloseAnswer.arrived(rx); // the parser is corrupt: only the peer's close matters
    }
    byte[] array = rx.array();
    int base = rx.arrayOffset();
    int end = rx.position();
    int pos = 0;
    while (pos < end && session.receiving()) {
      int n = driver.step(array, base + pos, end - pos, Integer.MAX_VALUE);
      if (n == FrameDriver.ERROR) {
        FrameParser parser = driver.parser();
        session.fail(
            parser.closeCode(),
            parser.errorMessage(),
            parser.opcode() == WebSocketProtocol.OPCODE_CLOSE);
        return afterFailure(rx, base + pos + driver.consumedBeforeError(), base + end);
      }
      if (n == 0) {
        break; // nothing to take (cannot happen with bytes left; a guard against spinning)
      }
      pos += n;
    }
    // Keep what was not consumed (input while paused).
    rx.limit(end).position(pos);
    rx.compact();
    return session.state != WebSocketSession.State.CLOSED;
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
    if (session.closeHandshake.received()) {
      rx.clear();
      return false;
    }
    return !CloseAnswer.arrivedAfter(rx, from - rx.arrayOffset(), end - rx.arrayOffset());
  }

  @Override
  public void onData(byte[] buf, int offset, int length) {
    WebSocketHandler handler = session.handler();
    int messageType = driver.messageType();
    boolean fin = driver.fin();
    long remaining = driver.payloadRemaining();
    if (handler.wantsFragments()) {
      if (session.isOpen()) {
        handler.onFragment(session.handle(), messageType, fin, rxSlice(offset, length), remaining);
      }
      return;
    }
    if (fin && remaining == 0 && messageLength == 0) {
      // The whole message is this piece of the receive buffer: the handler reads it there, with
      // no copy into the message buffer (what most messages are when the buffer holds a frame).
      if (session.isOpen()) {
        handler.onMessage(
            session.handle(),
            messageType == WebSocketProtocol.OPCODE_TEXT,
            rxSlice(offset, length));
      }
      return;
    }
    System.arraycopy(buf, offset, message.array(), message.arrayOffset() + messageLength, length);
    messageLength += length;
    if (fin && remaining == 0) {
      int whole = messageLength;
      messageLength = 0;
      if (session.isOpen()) {
        messageView.limit(whole).position(0);
        handler.onMessage(
            session.handle(), messageType == WebSocketProtocol.OPCODE_TEXT, messageView);
      }
    }
  }

  /** The read-only view of {@code rx}'s bytes {@code [offset, offset + length)} of its array. */
  private ByteBuffer rxSlice(int offset, int length) {
    int relative = offset - connection.rx.arrayOffset();
    rxView.limit(relative + length).position(relative);
    return rxView;
  }

  @Override
  public void onPing(byte[] payload, int offset, int length) {
    if (session.isOpen()) {
      controlView.limit(length).position(0);
      session.onPing(payload, length, controlView);
    }
  }

  @Override
  public void onPong(byte[] payload, int offset, int length) {
    controlView.limit(length).position(0);
    session.onPong(controlView);
  }

  @Override
  public void onClose(int code, byte[] payload, int offset, int length) {
    session.onPeerClose(payload, length);
  }
}
