package io.lightwire.websock.internal.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deadline of the one frame write a connection has in progress, watched by {@link
 * WriteWatchdog}. A blocking socket write cannot time out by itself, so when a write is still
 * blocked past its deadline the watchdog expires it: {@code onExpiry} fails the connection, which
 * closes the socket and so ends the blocked write with an exception that the writer reports as a
 * timeout. A frame cut in the middle cannot be resumed, so an expired write always fails the
 * connection (libdill's {@code ws} sockets do the same after a timed-out send).
 *
 * <p>{@link #arm} and {@link #disarm} are called by the writer under the connection's write lock;
 * {@link #check} by the watchdog thread. Allocation-free.
 */
final class WriteDeadline {

  private static final int IDLE = 0;
  private static final int ARMED = 1;
  private static final int EXPIRED = 2;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final Runnable onExpiry;
  private long deadlineNanos; // published by the volatile write of state
  private int sequence; // one per armed write, published by the write of state
  private int seenSequence = -1; // watchdog thread only

  WriteDeadline(Runnable onExpiry) {
    this.onExpiry = onExpiry;
  }

  /**
   * Watches the write about to start: it must end by {@code deadlineNanos} ({@link System#nanoTime}
   * scale; {@link Long#MAX_VALUE}: no deadline, nothing is watched).
   */
  void arm(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return;
    }
    this.deadlineNanos = deadlineNanos;
    sequence++;
    if (state.compareAndSet(IDLE, ARMED)) {
      WriteWatchdog.wake();
    }
  }

  /**
   * Ends the watch of the write that just ended (normally or by an exception).
   *
   * @return true when the watchdog expired it first: report a timeout, the connection is failed
   */
  boolean disarm() {
    return !state.compareAndSet(ARMED, IDLE) && state.get() == EXPIRED;
  }

  /** True once a write expired; the connection is failed for good. */
  boolean expired() {
    return state.get() == EXPIRED;
  }

  /**
   * Watchdog: expires the armed write when it is past its deadline and was already seen armed, past
   * the deadline, by the previous check (so a write is never failed in the instant it completes; it
   * had at least one watchdog period after its deadline).
   *
   * @return true when a write is armed (the watchdog should keep ticking)
   */
  boolean check(long nowNanos) {
    if (state.get() != ARMED) {
      seenSequence = -1;
      return false;
    }
    int current = sequence;
    if (nowNanos - deadlineNanos < 0) {
      seenSequence = -1;
      return true;
    }
    if (current != seenSequence) {
      seenSequence = current;
      return true;
    }
    if (state.compareAndSet(ARMED, EXPIRED)) {
      onExpiry.run();
    }
    return false;
  }
}
