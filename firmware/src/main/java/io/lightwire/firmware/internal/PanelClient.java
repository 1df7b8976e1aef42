package io.lightwire.firmware.internal;

import io.lightwire.websock.server.WebSocketConnection;

/** One GPIO panel connection's state, made once per slot. Service thread only. */
final class PanelClient {

  WebSocketConnection connection;

  /** True once the client sent the access token. */
  boolean authorized;

  /** The {@link AccessToken#generation()} this client unlocked with. */
  int tokenGeneration;

  /** The panel state version this client has been sent; -1 for none. */
  long sentVersion = -1;

  void open(WebSocketConnection c) {
    connection = c;
    authorized = false;
    sentVersion = -1;
  }

  void close() {
    connection = null;
    authorized = false;
  }
}
