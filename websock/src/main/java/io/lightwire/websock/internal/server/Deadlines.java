package io.lightwire.websock.internal.server;

import io.lightwire.websock.server.ServerConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each connection's one deadline (handshake, idle, close or linger timeout), the loop's next
 * wake-up (the soonest of them), and what happens when one passes: a deferred HTTP answer is
 * settled, a failed connection's linger ends, a silent WebSocket gets a keep-alive ping, anything
 * else is dropped as timed out. A deadline can move either way (a handshake timeout becomes an idle
 * timeout).
 *
 * <p>Times are values of the server's one clock ({@code Server.Builder.nanoClock}, {@link
 * System#nanoTime()} by default), which every other server part reads through {@link #now()}. They
 * mean nothing on their own and may wrap from positive to negative, so they are only ever compared
 * by subtraction, and "no deadline" is a flag rather than a reserved time.
 *
 * <p>Service thread only, except {@link #now()}; nothing is allocated.
 */
final class Deadlines {

  /** How long a failed connection drains input so the peer can read our close. */
  static final long FAIL_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final ServiceLoop loop;
  private final Counters counters;
  private final long handshakeNanos;
  private final long idleNanos;
  private final LongSupplier nanoClock;

  /** The soonest deadline of a bound connection; meaningful only while {@link #armed}. */
  private long next;

  /** True while some connection may have a deadline at or after {@link #next}. */
  private boolean armed;

  Deadlines(ServiceLoop loop, Counters counters, ServerConfig config, LongSupplier nanoClock) {
    this.loop = loop;
    this.counters = counters;
    this.nanoClock = nanoClock;
    this.handshakeNanos = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis());
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
  }

  /** The server clock's time now, in nanoseconds. Any thread. */
  long now() {
    return nanoClock.getAsLong();
  }

  /** The connection must finish its handshake (or answer our close) within the timeout. */
  void handshake(Connection c) {
    set(c, handshakeNanos);
  }

  /** The connection showed life: it may stay silent for the idle timeout. */
  void idle(Connection c) {
    set(c, idleNanos);
  }

  /**
   * A failed connection lingers {@link #FAIL_LINGER_NANOS} at most, never past the handshake
   * timeout.
   */
  void linger(Connection c) {
    set(c, Math.min(FAIL_LINGER_NANOS, handshakeNanos));
  }

  /**
   * Moves the connection's deadline to {@code timeoutNanos} from now, and the next wake-up with it
   * when that is sooner.
   */
  void set(Connection c, long timeoutNanos) {
    c.deadlineNanos = now() + timeoutNanos;
    if (!armed || c.deadlineNanos - next < 0) {
      next = c.deadlineNanos;
      armed = true;
    }
  }

  /**
   * How long a pass may wait: {@code timeoutMillis} (0: not at all, negative: until work comes),
   * shortened so the next deadline is not missed.
   */
  long waitMillis(long timeoutMillis) {
    if (!armed) {
      return timeoutMillis;
    }
    long untilDeadline = Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now()) + 1);
    return timeoutMillis < 0 ? untilDeadline : Math.min(timeoutMillis, untilDeadline);
  }

  /**
   * Acts on every bound connection whose deadline is at or before {@code now} (which moves the
   * deadline or frees the slot), then finds the next wake-up.
   *
   * @return how many deadlines expired
   */
  int expire(long now, Connection[] slots) {
    if (!armed || now - next < 0) {
      return 0;
    }
    int expired = 0;
    boolean any = false;
    long soonest = 0;
    for (Connection c : slots) {
      if (!c.isBound()) {
        continue;
      }
      if (now - c.deadlineNanos >= 0) {
        expired++;
        expired(c);
      }
      if (c.isBound() && (!any || c.deadlineNanos - soonest < 0)) {
        soonest = c.deadlineNanos;
        any = true;
      }
    }
    next = soonest;
    armed = any;
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
