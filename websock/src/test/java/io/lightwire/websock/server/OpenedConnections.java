package io.lightwire.websock.server;

import java.util.List;

/** A handler that only collects the connections it sees open (viewers a test broadcasts to). */
final class OpenedConnections implements WebSocketHandler {

  private final List<WebSocketConnection> opened;

  /** Adds each opened connection to {@code opened} (a thread-safe list: the loop adds to it). */
  OpenedConnections(List<WebSocketConnection> opened) {
    this.opened = opened;
  }

  @Override
  public void onOpen(WebSocketConnection c) {
    opened.add(c);
  }
}
