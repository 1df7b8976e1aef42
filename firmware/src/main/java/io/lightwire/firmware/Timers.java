package io.lightwire.firmware;

import io.lightwire.websock.pool.Pool;

/**
 * The application thread's timers: a fixed table of {@code capacity} entries sized by the memory
 * plan. Any thread may {@link #add} or {@link #cancel}; only the application thread takes due
 * timers. A full table refuses the timer and counts it. Nothing is allocated after construction.
 *
 * <p>Layout: entry {@code i} is free when {@code task[i] == null}; otherwise it fires at {@code
 * due[i]} (the application thread's nano clock, {@link System#nanoTime()} scale) and, when {@code
 * period[i] > 0}, again every {@code period[i]} nanoseconds. {@code id[i]} tells a timer from a
 * later one that reuses its entry. The table is scanned linearly: it holds tens of timers, and a
 * scan of them costs less than keeping a heap ordered.
 */
final class Timers implements Pool {

  /** {@link #add} result when every entry is taken. */
  static final long REFUSED = -1;

  private final Runnable[] task;
  private final long[] due;
  private final long[] period;
  private final long[] id;
  private long nextId = 1;
  private int used;
  private long refused;

  Timers(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("timer capacity " + capacity + " must be >= 1");
    }
    task = new Runnable[capacity];
    due = new long[capacity];
    period = new long[capacity];
    id = new long[capacity];
  }

  /**
   * Adds a timer firing at {@code dueNanos}, then every {@code periodNanos} when that is positive.
   *
   * @return the timer's id (positive), or {@link #REFUSED} when the table is full
   */
  synchronized long add(long dueNanos, long periodNanos, Runnable timerTask) {
    for (int i = 0; i < task.length; i++) {
      if (task[i] == null) {
        task[i] = timerTask;
        due[i] = dueNanos;
        period[i] = periodNanos;
        id[i] = nextId++;
        used++;
        return id[i];
      }
    }
    refused++;
    return REFUSED;
  }

  /** Cancels timer {@code timerId}; false when it already fired (one-shot) or was cancelled. */
  synchronized boolean cancel(long timerId) {
    for (int i = 0; i < task.length; i++) {
      if (task[i] != null && id[i] == timerId) {
        free(i);
        return true;
      }
    }
    return false;
  }

  /** The earliest due time, or {@code Long.MAX_VALUE} when no timer is set. */
  synchronized long nextDue() {
    long next = Long.MAX_VALUE;
    for (int i = 0; i < task.length; i++) {
      if (task[i] != null && (next == Long.MAX_VALUE || due[i] - next < 0)) {
        next = due[i];
      }
    }
    return next;
  }

  /**
   * Takes one timer due at {@code now}: a one-shot timer's entry is freed, a periodic one moves to
   * its next due time (skipping periods already missed, so a late thread does not fire a burst).
   *
   * @return the task to run, or null when none is due
   */
  synchronized Runnable takeDue(long now) {
    for (int i = 0; i < task.length; i++) {
      if (task[i] != null && now - due[i] >= 0) {
        Runnable due0 = task[i];
        if (period[i] > 0) {
          long missed = (now - due[i]) / period[i];
          due[i] += (missed + 1) * period[i];
        } else {
          free(i);
        }
        return due0;
      }
    }
    return null;
  }

  /** Frees every entry (shutdown). */
  synchronized void clear() {
    for (int i = 0; i < task.length; i++) {
      if (task[i] != null) {
        free(i);
      }
    }
  }

  private void free(int i) {
    task[i] = null;
    used--;
  }

  /** Timers refused because the table was full. */
  synchronized long refused() {
    return refused;
  }

  @Override
  public String name() {
    return MemoryPlan.APP_TIMERS;
  }

  @Override
  public int capacity() {
    return task.length;
  }

  @Override
  public int itemBytes() {
    return MemoryPlan.TIMER_SLOT_BYTES;
  }

  @Override
  public synchronized int inUse() {
    return used;
  }
}
