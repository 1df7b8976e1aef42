package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpExchange.Upgrader;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.MalformedQueryException;
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
final class WebSocketUpgrades implements Upgrader {

  private final List<Protocol> protocols;
  private final UpgradeHandshake handshake;
  private final UpgradeFilter filter;
  private final BufferPool messagePool;
  private String failure = "";

  /** The connection whose request an HTTP handler is answering, else null. */
  private Connection answering;

  /** Counts upgrades refused with 503 because no message buffer was free. */
  private final Counters counters;

  WebSocketUpgrades(
      List<Protocol> protocols, UpgradeFilter filter, BufferPool messagePool, Counters counters) {
    this.protocols = protocols;
    this.counters = counters;
    this.handshake = new UpgradeHandshake(protocols);
    this.filter = filter;
    this.messagePool = messagePool;
  }

  /** Sets the connection whose request the HTTP handler is about to answer (null after). */
  void answering(Connection c) {
    answering = c;
  }

  /**
   * {@code HttpResponse.upgrade} from a handler: prepares the upgrade of its own request, or fills
   * the response with the refusal.
   */
  @Override
  public int upgrade(HttpExchange exchange, Protocol protocol) {
    Connection c = answering;
    if (c == null || c.exchange != exchange) {
      throw new IllegalStateException("a request can be upgraded only during its handler's call");
    }
    int index = protocols.indexOf(protocol);
    if (index < 0) {
      throw new IllegalArgumentException("protocol " + protocol.name() + " is not served here");
    }
    if (pending(c)) {
      return 0;
    }
    int status = prepare(c, exchange, index);
    if (status != 0) {
      HttpErrors.fill(exchange, status, failure);
    }
    return status;
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
    int verdict;
    try {
      verdict = filter.check(request, protocol);
    } catch (MalformedQueryException e) {
      failure = e.getMessage(); // the client's error: 400 with the reason, no stack trace
      return 400;
    }
    if (verdict != 0) {
      failure = "refused";
      return verdict < 400 || verdict > 599 ? 403 : verdict;
    }
    ByteBuffer message = messagePool.acquire();
    if (message == null) {
      counters.countRefused();
      failure = "no message buffer free";
      return 503;
    }
    c.upgradeMessage = message;
    c.upgradeProtocol = index;
    return 0;
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
    c.ws.sender.queueRaw(length);
    protocol.handler().onOpen(handle, request);
  }

  /** Why the last {@link #choose} or {@link #prepare} refused, for the response body. */
  String failure() {
    return failure;
  }
}
