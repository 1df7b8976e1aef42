package io.lightwire.examples.testserver;

import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * libwebsockets' {@code lws-mirror-protocol}: every message any connection sends (the page's
 * drawing commands, or anything else) is sent to all connections of the protocol, the sender
 * included, with {@link Server#broadcast} ({@code libwebsockets_broadcast}): encoded once, written
 * to each.
 *
 * <p>Back-pressure: when every broadcast buffer is in flight the message is not lost. It is kept in
 * the sender's slot and the sender's receiving is paused ({@code libwebsocket_rx_flow_control});
 * the server loop retries it on its next pass and resumes receiving once it went out. So one fast
 * drawer is slowed to the pace of the room instead of dropping strokes. A receiver whose own queue
 * is full misses the message (the protocol's {@code REFUSE} policy counts it), and never holds up
 * the others.
 */
final class Mirror implements WebSocketHandler {

  /** The protocol's name, as in libwebsockets' test server. */
  static final String NAME = "lws-mirror-protocol";

  /** One slot's state: a message waiting for a broadcast buffer, with its receiving paused. */
  static final class Pending {
    WebSocketConnection connection;
    final byte[] bytes;
    final ByteBuffer view;
    int length = -1;
    boolean text;

    Pending(int maxMessageBytes) {
      bytes = new byte[maxMessageBytes];
      view = ByteBuffer.wrap(bytes);
    }
  }

  private final List<Pending> slots = new ArrayList<>();
  private final int maxMessageBytes;
  private Server server;
  private int waiting;
  private volatile long pauses; // written by the service thread only; read by tests

  Mirror(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The per-slot state factory; it also remembers every slot for {@link #retryPending()}. */
  Pending newSlot() {
    Pending pending = new Pending(maxMessageBytes);
    slots.add(pending);
    return pending;
  }

  void attach(Server mirrorServer) {
    this.server = mirrorServer;
  }

  /** Times a sender was paused because every broadcast buffer was in flight. */
  long pauses() {
    return pauses;
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    Pending pending = connection.state();
    pending.connection = connection;
    pending.length = -1;
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    if (server.broadcast(NAME, text, payload.duplicate()) != WebSocketConnection.BACK_PRESSURED) {
      return;
    }
    // Every broadcast buffer is in flight: keep the message and stop reading from the sender.
    Pending pending = connection.state();
    int length = payload.remaining();
    payload.get(payload.position(), pending.bytes, 0, length);
    pending.length = length;
    pending.text = text;
    waiting++;
    pauses++;
    connection.pauseReceive();
  }

  @Override
  public void onClose(WebSocketConnection connection, int code, String reason) {
    Pending pending = connection.state();
    if (pending.length >= 0) {
      waiting--;
    }
    pending.length = -1;
    pending.connection = null;
  }

  /**
   * Retries the messages kept back by back-pressure, in slot order; each one that goes out resumes
   * its sender. Called by the server loop between passes, on the service thread.
   *
   * @return how many went out
   */
  int retryPending() {
    if (waiting == 0) {
      return 0;
    }
    int sent = 0;
    for (Pending pending : slots) {
      if (pending.length < 0) {
        continue;
      }
      pending.view.clear().limit(pending.length);
      if (server.broadcast(NAME, pending.text, pending.view)
          == WebSocketConnection.BACK_PRESSURED) {
        break; // still no buffer free: the others wait too, in order
      }
      pending.length = -1;
      waiting--;
      sent++;
      pending.connection.resumeReceive();
    }
    return sent;
  }
}
