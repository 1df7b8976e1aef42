package io.lightwire.websock.server;

import java.net.InetAddress;
import java.util.Map;

/**
 * A server's event counters since it started: refusals, timeouts, handler and protocol errors,
 * skipped broadcasts. Every count is exact under concurrency (the service thread and the threads
 * that broadcast count at the same time); readers may call from any thread and see each count as of
 * some recent moment.
 */
public interface ServerCounters {

  /** Clients refused with 503 because every slot or message buffer was taken. */
  long refusedConnections();

  /**
   * Clients refused with {@code 429} because their address held {@link
   * ServerConfig#connectionsPerAddressLimit()} slots already.
   */
  long refusedPerAddress();

  /**
   * Connections closed while still sending their request head, to give their slot to a newcomer
   * when every slot was taken (the oldest unfinished head first).
   */
  long shedConnections();

  /** Connections dropped by a timeout (handshake, idle without pong, close not answered). */
  long timedOutConnections();

  /** Deferred HTTP responses not completed by their deadline (answered by the server). */
  long deferredTimeouts();

  /** Exceptions thrown by handlers, filters and tasks (HTTP ones answered with 500). */
  long handlerErrors();

  /** Connections failed for a protocol violation (closed with 1002, 1003, 1007 or 1009). */
  long protocolErrors();

  /**
   * Protocol violations by peer address, most first: the {@value Server#PROTOCOL_ERROR_PEERS}
   * addresses with the most are kept (a new address replaces the one with the fewest). A snapshot
   * made on each call. The log names each violation only at a bounded rate (10 a minute, the rest
   * summed up in one line), so this is where a flood shows in full.
   */
  Map<InetAddress, Long> protocolErrorsByPeer();

  /** Broadcasts not sent because every broadcast buffer was in flight. */
  long broadcastsSkipped();

  /**
   * Write calls made to connections (each one system call on a plain socket; on TLS one call may
   * wrap several records). Messages sent while one read is dispatched share a write.
   */
  long socketWrites();
}
