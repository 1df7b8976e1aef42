package io.lightwire.examples.echo;

import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;

/**
 * Echoes every complete message back on the same connection, with the same type and bytes. The
 * server has already joined fragments and validated text, so this is one {@code send} per message;
 * the payload goes from the server's message buffer to the socket without a copy.
 *
 * <p>Back-pressure: when the connection's transmit queue is full the message is copied into the
 * slot's {@link Slot} (made once per slot at start, libwebsockets' {@code per_session_data}),
 * reading pauses, and the echo is retried from {@link #onWritable}. Nothing is dropped and nothing
 * is allocated per message. Runs on the service thread only.
 */
final class EchoHandler implements WebSocketHandler {

  /**
   * The per-connection state: room for one echo that the transmit queue could not take yet. Direct
   * memory, like the transmit buffer it is written to (a heap buffer would also pass through the
   * JDK's temporary direct buffer on a direct write), and off the small heap: with {@code --loops}
   * the slots outnumber the connections (docs/decisions.md, "Several service loops on one port").
   */
  static final class Slot {
    private final ByteBuffer pending;
    private boolean text;
    private boolean waiting;

    Slot(int maxMessageBytes) {
      pending = ByteBuffer.allocateDirect(WebSocketConnection.HEADROOM + maxMessageBytes);
    }
  }

  private long messagesEchoed;
  private long backPressured;

  @Override
  public void onOpen(WebSocketConnection connection) {
    Slot slot = connection.state();
    slot.waiting = false; // a slot is reused by the next connection
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    int sent = connection.send(text, payload);
    if (sent == WebSocketConnection.BACK_PRESSURED) {
      Slot slot = connection.state();
      slot.pending.clear().position(WebSocketConnection.HEADROOM);
      slot.pending.put(payload).flip().position(WebSocketConnection.HEADROOM);
      slot.text = text;
      slot.waiting = true;
      backPressured++;
      connection.pauseReceive(); // no further message until this one is out
      connection.requestWritable();
    } else if (sent >= 0) {
      messagesEchoed++;
    }
    // CLOSED: the peer is going away, there is nobody to echo to. TOO_BIG cannot happen: the
    // server refuses (1009) any message larger than the frame limit it sends with.
  }

  @Override
  public void onWritable(WebSocketConnection connection) {
    Slot slot = connection.state();
    if (!slot.waiting) {
      return;
    }
    int mark = slot.pending.position();
    int sent = connection.sendWithHeadroom(slot.text, slot.pending);
    if (sent == WebSocketConnection.BACK_PRESSURED) {
      slot.pending.position(mark);
      connection.requestWritable();
      return;
    }
    slot.waiting = false;
    if (sent >= 0) {
      messagesEchoed++;
      connection.resumeReceive();
    }
  }

  /** Messages echoed so far; read it on the service thread, or after the server stopped. */
  long messagesEchoed() {
    return messagesEchoed;
  }

  /** Echoes that found the transmit queue full and waited; same thread rule. */
  long backPressured() {
    return backPressured;
  }
}
