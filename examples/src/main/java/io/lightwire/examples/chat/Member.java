package io.lightwire.examples.chat;

import io.lightwire.websock.server.WebSocketConnection;

/**
 * One connection slot's chat state, made once per slot when the server starts (the seed's
 * per-session data) and reset when a connection takes the slot. Touched on the service thread only.
 */
final class Member {

  /** The connection now in this slot, or null when the slot is free. */
  WebSocketConnection connection;

  /** True once the connection chose a nickname and was announced to the room. */
  boolean joined;

  /** The nickname's ASCII bytes: {@code nick[0, nickLength)}. */
  final byte[] nick = new byte[ChatRoom.MAX_NICK_BYTES];

  int nickLength;

  void reset(WebSocketConnection newConnection) {
    connection = newConnection;
    joined = false;
    nickLength = 0;
  }
}
