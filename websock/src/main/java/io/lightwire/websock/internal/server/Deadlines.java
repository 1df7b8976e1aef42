package io.lightwire.websock.internal.server;

import io.lightwire.websock.server.ServerConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Each connection's one deadline (handshake, idle, close or linger timeout), the loop's next
 * wake-up (the soonest of them), and what happens when one passes: a deferred HTTP answer is
 * settled, a failed connection's linger ends, a silent WebSocket gets a keep-alive ping, anything
 * else is dropped as timed out. Times are {@link System#nanoTime()} values; a deadline can move
 * either way (a handshake timeout becomes an idle timeout).
 *
 * <p>Service thread only; nothing is allocated.
 */
final class Deadlines {

  private final ServiceLoop loop;
  private final Counters counters;
  private final long handshakeNanos;
  private final long idleNanos;
  private long next = Long.MAX_VALUE;

  Deadlines(ServiceLoop loop, Counters counters, ServerConfig config) {
    this.loop = loop;
    this.counters = counters;
    this.handshakeNanos = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis());
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
  }

  /** The connection must finish its handshake (or answer our close) within the timeout. */
  void handshake(Connection c) {
    set(c, handshakeNanos);
  }

  /** The connection showed life: it may stay silent for the idle timeout. */
  void idle(Connection c) {
    set(c, idleNanos);
  }

  /** A failed connection lingers at most {@code lingerNanos}, never past the handshake timeout. */
  void linger(Connection c, long lingerNanos) {
    set(c, Math.min(lingerNanos, handshakeNanos));
  }

  /**
   * Moves the connection's deadline to {@code timeoutNanos} from now, and the next wake-up with it
   * when that is sooner.
   */
  void set(Connection c, long timeoutNanos) {
    c.deadlineNanos = System.nanoTime() + timeoutNanos;
    if (c.deadlineNanos - next < 0) {
      next = c.deadlineNanos;
    }
  }

  /**
   * How long a pass may wait: {@code timeoutMillis} (0: not at all, negative: until work comes),
   * shortened so the next deadline is not missed.
   */
  long waitMillis(long timeoutMillis) {
    if (next == Long.MAX_VALUE) {
      return timeoutMillis;
    }
    long untilDeadline = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()) + 1);
    return timeoutMillis < 0 ? untilDeadline : Math.min(timeoutMillis, untilDeadline);
  }

  /**
   * Acts on every bound connection whose deadline is at or before {@code now} (which moves the
   * deadline or frees the slot), then finds the next wake-up.
   *
   * @return how many deadlines expired
   */
  int expire(long now, Connection[] slots) {
    if (next == Long.MAX_VALUE || now - next < 0) {
      return 0;
    }
    int expired = 0;
    long soonest = Long.MAX_VALUE;
    for (Connection c : slots) {
      if (!c.isBound()) {
        continue;
      }
      if (now - c.deadlineNanos >= 0) {
        expired++;
        expired(c);
      }
      if (c.isBound() && (soonest == Long.MAX_VALUE || c.deadlineNanos - soonest < 0)) {
        soonest = c.deadlineNanos;
      }
    }
    next = soonest;
    return expired;
  }

  private void expired(Connection c) {
    if (c.awaiting != null) {
      loop.settleDeferred(c); // the answer if it just came, else the timeout answer
      return;
    }
    if (c.ws != null && c.webSocket && c.ws.state == WebSocketSession.State.FAILED) {
      loop.close(c); // the linger after a violation is over
      return;
    }
    if (c.webSocket && c.ws.state == WebSocketSession.State.OPEN && c.ws.keepAlivePing()) {
      idle(c);
      try {
        loop.flush(c);
      } catch (IOException e) {
        loop.close(c);
      }
      return;
    }
    counters.countTimedOut();
    loop.close(c);
  }
}
