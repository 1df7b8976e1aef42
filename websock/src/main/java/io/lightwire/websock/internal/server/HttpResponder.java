package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.Deferral;
import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpRequestParser;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.MalformedQueryException;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * The HTTP side of a connection: parses each complete request in the receive buffer, answers it
 * (the handler, the server's own {@code OPTIONS *}, an error status, or a WebSocket upgrade),
 * queues the response in the transmit buffer and writes it, pipelined requests in order. A handler
 * may defer its answer: the connection then waits (later requests stay in the receive buffer) until
 * another thread completes it or its deadline answers for it.
 *
 * <p>Service thread only, except {@link #deferralWake()}'s runnable, which any thread may run.
 */
final class HttpResponder {

  private final ServiceLoop loop;
  private final HttpHandler handler;
  private final WebSocketUpgrades upgrades;
  private final Deadlines deadlines;
  private final Counters counters;
  private final CallbackGuard guard;
  private final CallbackGuard.Step afterDeferred = this::afterDeferred;

  /** Set by a thread completing a deferred response; the service thread then looks for it. */
  private volatile boolean deferralsCompleted;

  private final Runnable deferralWake = this::deferralCompleted;

  HttpResponder(
      ServiceLoop loop,
      HttpHandler handler,
      WebSocketUpgrades upgrades,
      Deadlines deadlines,
      Counters counters,
      CallbackGuard guard) {
    this.loop = loop;
    this.handler = handler;
    this.upgrades = upgrades;
    this.deadlines = deadlines;
    this.counters = counters;
    this.guard = guard;
  }

  /** What a completed deferral runs (any thread): the next pass writes the answer. */
  Runnable deferralWake() {
    return deferralWake;
  }

  private void deferralCompleted() {
    deferralsCompleted = true;
    loop.wakeup();
  }

  /** Answers every complete request in {@code c}'s receive buffer, in order. */
  void processInput(Connection c) throws IOException {
    if (c.awaiting != null) {
      loop.updateInterest(c); // later requests wait in rx behind the deferred one
      return;
    }
    if (c.stream.isActive()) {
      c.rx.clear(); // a streamed body is the last response: what the client sends is discarded
      return;
    }
    while (c.isBound() && c.awaiting == null && c.rx.position() > 0 && !c.hasPendingOutput()) {
      int status = c.parser.parse(c.rx, c.rx.position());
      if (status == HttpRequestParser.NEED_MORE) {
        if (!c.rx.hasRemaining()) {
          respondError(c, c.parser.headEnd() < 0 ? 431 : 413, null);
        }
        return;
      }
      if (status != HttpRequestParser.COMPLETE) {
        respondError(c, status, null);
        return;
      }
      boolean upgraded = answer(c);
      if (!c.isBound()) {
        return; // a refused upgrade was answered and the connection closed with it
      }
      int end = c.parser.requestEnd();
      c.rx.limit(c.rx.position()).position(end);
      c.rx.compact();
      c.parser.reset();
      c.headSinceNanos = deadlines.now();
      if (upgraded) {
        loop.processWebSocket(c); // frames may have come right behind the request
        return;
      }
      if (c.stream.isActive()) {
        c.rx.clear();
        loop.flush(c);
        return;
      }
      loop.flush(c);
    }
  }

  /** Answers one HTTP request; returns true when it upgraded the connection. */
  private boolean answer(Connection c) throws IOException {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    if (upgrades.wanted(exchange)) {
      int chosen = upgrades.choose(exchange);
      if (chosen != UpgradeHandshake.UNMATCHED) {
        return upgrade(c, exchange, chosen);
      }
    }
    boolean keepAlive = exchange.keepAlive() && !loop.isClosed();
    boolean head = exchange.methodIs("HEAD");
    if (exchange.methodIs("OPTIONS") && "*".equals(exchange.path())) {
      // The server as a whole (RFC 9110 9.3.7): answered here, handlers see paths only.
      exchange.status(204);
      queueResponse(c, exchange, keepAlive, false);
      return false;
    }
    try {
      upgrades.answering(c);
      handler.onRequest(exchange, exchange);
    } catch (MalformedQueryException e) {
      // The client's error (a bad escape a handler decoded): 400 with the reason, no stack trace.
      abandon(c, exchange);
      HttpErrors.fill(exchange, 400, e.getMessage());
    } catch (RuntimeException e) {
      guard.failed("HTTP handler failed for " + exchange.path(), e);
      abandon(c, exchange);
      exchange.status(500).body("text/plain", "internal server error\n");
    } finally {
      upgrades.answering(null);
    }
    if (WebSocketUpgrades.pending(c)) {
      openWebSocket(c, exchange);
      return true;
    }
    keepAlive = keepAlive && !exchange.closeAfterResponseRequested();
    if (exchange.streamHandler() != null) {
      startStream(c, exchange, head);
      return false;
    }
    Deferral deferral = exchange.deferral();
    if (deferral != null) {
      // Nothing is written now. The exchange keeps what the handler set as the timeout answer;
      // the request's bytes go (the caller compacts rx), so its flags are kept here.
      c.awaiting = deferral;
      c.awaitingKeepAlive = keepAlive;
      c.awaitingHead = head;
      deadlines.set(c, deferral.timeoutNanos());
      return false;
    }
    queueResponse(c, exchange, keepAlive, head);
    return false;
  }

  /** Sends a streamed response's head and opens its stream (a 500 when the head is too large). */
  private void startStream(Connection c, HttpExchange exchange, boolean head) {
    if (!c.stream.begin(exchange, head)) {
      exchange.begin(c.rx, c.remote);
      exchange.status(500).body("text/plain", "response head too large\n");
      queueResponse(c, exchange, false, head);
      return;
    }
    loop.streamOpened();
    deadlines.idle(c);
  }

  /** Writes what a stream has queued; the idle deadline moves whenever the client took bytes. */
  boolean flushStream(Connection c) throws IOException {
    boolean done = c.stream.flush();
    if (c.stream.takeProgress()) {
      deadlines.idle(c); // the idle rule: closed when the client takes nothing
    }
    return done;
  }

  /**
   * The handler failed: what it started (a deferral, an upgrade) is dropped, so a completion from
   * another thread is ignored, and the exchange starts afresh for the error answer.
   */
  private void abandon(Connection c, HttpExchange exchange) {
    Deferral abandoned = exchange.deferral();
    if (abandoned != null) {
      abandoned.drop();
    }
    upgrades.cancel(c);
    exchange.begin(c.rx, c.remote);
  }

  /** Settles every deferred response another thread completed; returns how many. */
  int settleCompleted(Connection[] slots) {
    if (!deferralsCompleted) {
      return 0;
    }
    deferralsCompleted = false; // before the scan: a completion racing it sets it again
    int settled = 0;
    for (Connection c : slots) {
      Deferral d = c.awaiting;
      if (d != null && c.isBound() && d.isCompleted()) {
        settled++;
        settleDeferred(c);
      }
    }
    return settled;
  }

  /**
   * Writes the deferred response {@code c} waits for: the completed answer, or at its deadline the
   * timeout answer (the handler's, else a plain 504). Then the requests that waited behind it run.
   */
  void settleDeferred(Connection c) {
    Deferral deferral = c.awaiting;
    c.awaiting = null;
    HttpExchange exchange = c.exchange;
    if (!deferral.settle(exchange)) {
      counters.countDeferredTimeout();
      if (!exchange.hasResponse()) {
        exchange.status(504).body("text/plain", "504 Gateway Timeout\n");
      }
    }
    queueResponse(c, exchange, c.awaitingKeepAlive && !loop.isClosed(), c.awaitingHead);
    guard.run(c, afterDeferred, "a deferred response");
  }

  private void afterDeferred(Connection c) throws IOException {
    loop.flush(c);
    if (c.isBound() && !c.hasPendingOutput() && c.rx.position() > 0) {
      loop.processInput(c);
    }
  }

  /** An upgrade the protocol table matched: refused with its status, or opened. */
  private boolean upgrade(Connection c, HttpExchange exchange, int chosen) throws IOException {
    int status = chosen < 0 ? -chosen : upgrades.prepare(c, exchange, chosen);
    if (status != 0) {
      respondError(c, status, upgrades.failure());
      return false;
    }
    openWebSocket(c, exchange);
    return true;
  }

  private void openWebSocket(Connection c, HttpExchange exchange) {
    deadlines.idle(c);
    upgrades.open(c, exchange);
    exchange.end();
  }

  private void respondError(Connection c, int status, String why) throws IOException {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    HttpErrors.fill(exchange, status, why);
    queueResponse(c, exchange, false, false);
    c.rx.clear(); // nothing after a bad request can be trusted to be framed right
    c.parser.reset();
    loop.flush(c);
  }

  private void queueResponse(
      Connection c, HttpExchange exchange, boolean keepAlive, boolean headRequest) {
    ByteBuffer body;
    try {
      body = exchange.writeHead(c.tx, keepAlive, headRequest);
    } catch (BufferOverflowException e) {
      c.tx.clear();
      exchange.begin(c.rx, c.remote);
      exchange.status(500).body("text/plain", "response head too large\n");
      body = exchange.writeHead(c.tx, false, headRequest);
      keepAlive = false;
    }
    if (body.remaining() <= c.tx.remaining()) {
      c.tx.put(body);
      c.pendingBody = null;
    } else {
      c.pendingBody = body;
    }
    c.closeAfterFlush = !keepAlive;
    exchange.end();
  }

  /** Writes the queued response head and body; returns true when all is out. */
  boolean flush(Connection c) throws IOException {
    c.tx.flip();
    long written;
    if (c.pendingBody != null) {
      c.gather[0] = c.tx;
      c.gather[1] = c.pendingBody;
      written = c.out.write(c.gather);
      c.gather[0] = null;
      c.gather[1] = null;
    } else {
      written = c.out.write(c.tx);
    }
    c.tx.compact();
    if (written > 0) {
      deadlines.idle(c);
    }
    if (c.hasPendingOutput()) {
      return false;
    }
    c.pendingBody = null;
    return true;
  }
}
