package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.UpgradeFilter;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns HTTP requests into WebSocket connections, both ways a request can ask: matched to the
 * protocol table by the loop (subprotocol, path, fallback), or upgraded by an HTTP handler itself
 * with {@code HttpResponse.upgrade(protocol)} (Barracuda's {@code WSS::upgrade}). Either way the
 * handshake is checked (RFC 6455 4.2.1), the upgrade filter is asked, a message buffer is taken,
 * and only then is anything promised; the {@code 101} and {@code onOpen} follow in {@link #open}.
 *
 * <p>Service thread only. An upgrade allocates its connection handle and nothing else.
 */
final class WebSocketUpgrades {

  private final List<Protocol> protocols;
  private final UpgradeHandshake handshake;
  private final UpgradeFilter filter;
  private final BufferPool messagePool;
  private String failure = "";

  WebSocketUpgrades(List<Protocol> protocols, UpgradeFilter filter, BufferPool messagePool) {
    this.protocols = protocols;
    this.handshake = new UpgradeHandshake(protocols);
    this.filter = filter;
    this.messagePool = messagePool;
  }

  /** True when the server has WebSocket protocols and {@code request} asks for a WebSocket. */
  boolean wanted(HttpExchange request) {
    return !protocols.isEmpty() && UpgradeHandshake.isUpgrade(request);
  }

  /**
   * Picks the table's protocol for an upgrade request.
   *
   * @return its index; {@link UpgradeHandshake#UNMATCHED} when no protocol serves the path (the
   *     HTTP handler gets the request and may upgrade it itself); or a negative HTTP status
   */
  int choose(HttpExchange request) {
    int chosen = handshake.choose(request);
    failure = handshake.failure();
    return chosen;
  }

  /**
   * Checks that {@code request} may become a connection of table entry {@code index}, and reserves
   * what it needs (the slot's message buffer, kept in {@code c} until {@link #open} or {@link
   * #cancel}).
   *
   * @return 0, or the HTTP status to refuse with ({@link #failure()} says why)
   */
  int prepare(Connection c, HttpExchange request, int index) {
    int check = handshake.check(request);
    if (check != 0) {
      failure = handshake.failure();
      return check;
    }
    Protocol protocol = protocols.get(index);
    int verdict = filter.check(request, protocol);
    if (verdict != 0) {
      failure = "refused";
      return verdict < 400 || verdict > 599 ? 403 : verdict;
    }
    ByteBuffer message = messagePool.acquire();
    if (message == null) {
      failure = "no message buffer free";
      return 503;
    }
    c.upgradeMessage = message;
    c.upgradeProtocol = index;
    return 0;
  }

  /** The index of {@code protocol} in the table, or -1 when the server does not serve it. */
  int indexOf(Protocol protocol) {
    return protocols.indexOf(protocol);
  }

  /** Gives back what {@link #prepare} reserved, if anything (the upgrade will not happen). */
  void cancel(Connection c) {
    if (c.upgradeMessage != null) {
      messagePool.release(c.upgradeMessage);
      c.upgradeMessage = null;
    }
    c.upgradeProtocol = -1;
  }

  /** True when {@link #prepare} succeeded for {@code c} and {@link #open} has not run yet. */
  static boolean pending(Connection c) {
    return c.upgradeMessage != null;
  }

  /**
   * Completes a prepared upgrade: queues the {@code 101}, opens the slot's session under a new
   * handle and calls {@code onOpen} with the request (valid during that call only).
   */
  void open(Connection c, HttpExchange request) {
    Protocol protocol = protocols.get(c.upgradeProtocol);
    ByteBuffer message = c.upgradeMessage;
    c.upgradeMessage = null;
    int length = handshake.write101(request, protocol, c.tx);
    c.webSocket = true;
    ConnectionHandle handle = c.ws.open(protocol, c.upgradeProtocol, message);
    c.upgradeProtocol = -1;
    c.ws.queueRaw(length);
    protocol.handler().onOpen(handle, request);
  }

  /** Why the last {@link #choose} or {@link #prepare} refused, for the response body. */
  String failure() {
    return failure;
  }
}
