package io.lightwire.websock.server;

import java.util.function.Supplier;

/**
 * One entry of the server's protocol table (libwebsockets' {@code libwebsocket_protocols}).
 *
 * <p>A WebSocket request is matched to a protocol by the subprotocols the client offers ({@code
 * Sec-WebSocket-Protocol}, the first offered name the table has wins), else by its path, else it
 * goes to the first protocol whose path is {@code null}.
 *
 * @param name the subprotocol name, matched against {@code Sec-WebSocket-Protocol}
 * @param path the request path that selects this protocol when no subprotocol is offered (e.g.
 *     {@code /camera}), or {@code null}
 * @param handler the callbacks
 * @param policy what broadcasts do with a full transmit queue
 * @param queueDepth how many messages each connection may have waiting (at least 1)
 * @param stateFactory makes the per-connection user state, once per slot when the server starts
 *     (libwebsockets' {@code per_session_data_size}); may return {@code null}
 */
public record Protocol(
    String name,
    String path,
    WebSocketHandler handler,
    QueuePolicy policy,
    int queueDepth,
    Supplier<?> stateFactory) {

  public Protocol {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a protocol needs a name");
    }
    if (queueDepth < 1 || queueDepth > 1024) {
      throw new IllegalArgumentException(
          "protocol " + name + ": queueDepth " + queueDepth + " is not in [1, 1024]");
    }
    if (path != null && !path.startsWith("/")) {
      throw new IllegalArgumentException("protocol " + name + ": path '" + path + "' must start /");
    }
  }

  /** A protocol with no path, refuse-on-full queues of 16 messages and no user state. */
  public static Protocol of(String name, WebSocketHandler handler) {
    return new Protocol(name, null, handler, QueuePolicy.REFUSE, 16, () -> null);
  }
}
