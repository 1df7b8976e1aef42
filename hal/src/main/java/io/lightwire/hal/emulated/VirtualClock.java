package io.lightwire.hal.emulated;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A clock that only moves when a test calls {@link #advance}: scheduled tasks (scripted inputs,
 * debounce checks, camera frames) run on the caller's thread, in time order, with {@link #nanos()}
 * set to each task's due time. Not thread-safe: drive it from one thread.
 */
public final class VirtualClock implements EmulatedClock {

  /** 2026-01-01T00:00:00Z in microseconds, the default wall-clock start. */
  public static final long DEFAULT_EPOCH_MICROS = 1_767_225_600_000_000L;

  private record Task(long at, long order, Runnable run) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private final long epochMicrosAtZero;
  private long now;
  private long order;
  private boolean shut;

  /** A clock at 0 ns whose wall clock starts at {@link #DEFAULT_EPOCH_MICROS}. */
  public VirtualClock() {
    this(DEFAULT_EPOCH_MICROS);
  }

  /**
   * @param epochMicrosAtZero the wall-clock time, microseconds since the epoch, at 0 ns
   */
  public VirtualClock(long epochMicrosAtZero) {
    this.epochMicrosAtZero = epochMicrosAtZero;
  }

  @Override
  public long nanos() {
    return now;
  }

  @Override
  public long epochMicros() {
    return epochMicrosAtZero + now / 1_000;
  }

  @Override
  public void schedule(long atNanos, Runnable task) {
    if (!shut) {
      queue.add(new Task(Math.max(atNanos, now), order++, task));
    }
  }

  /** Moves time forward by {@code step}, running every task that falls due on the way. */
  public void advance(Duration step) {
    advanceNanos(step.toNanos());
  }

  /** Moves time forward by {@code nanos}, running every task that falls due on the way. */
  public void advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time only moves forward: " + nanos + " ns");
    }
    long target = now + nanos;
    Task next;
    while ((next = queue.peek()) != null && next.at <= target) {
      queue.poll();
      now = next.at;
      next.run.run();
    }
    now = target;
  }

  /** Tasks waiting to run. */
  public int pending() {
    return queue.size();
  }

  @Override
  public void shutdown() {
    shut = true;
    queue.clear();
  }
}
