package io.lightwire.websock.server;

/**
 * Chooses which connections of a protocol receive one broadcast, for per-connection rates (a camera
 * viewer that asked for 5 frames per second) without a copy per connection: the message is still
 * encoded once, and only the connections the filter accepts take a reference to it.
 *
 * <p>Runs on the service thread, once per open connection of the protocol, while the broadcast is
 * dispatched; it must not block or allocate on a hot path. A filter that throws skips that
 * connection for this message.
 */
@FunctionalInterface
public interface BroadcastFilter {

  /** True when {@code connection} should receive the message being dispatched. */
  boolean accept(WebSocketConnection connection);
}
