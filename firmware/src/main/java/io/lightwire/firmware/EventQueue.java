package io.lightwire.firmware;

import io.lightwire.websock.pool.Pool;

/**
 * The application thread's queue: a fixed ring of events sized by the memory plan. Any thread may
 * {@link #offer}; a full queue refuses the event and counts it, so a producer such as the service
 * loop is never blocked. Only the application thread polls.
 */
public final class EventQueue implements Pool {

  private final Runnable[] ring;
  private int head;
  private int size;
  private long rejected;
  private boolean woken;

  /** A queue of {@code capacity} events. */
  public EventQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("event queue capacity " + capacity + " must be >= 1");
    }
    this.ring = new Runnable[capacity];
  }

  /** Queues {@code event}; returns false (and counts it) when the queue is full. */
  public synchronized boolean offer(Runnable event) {
    if (size == ring.length) {
      rejected++;
      return false;
    }
    ring[(head + size) % ring.length] = event;
    size++;
    notifyAll();
    return true;
  }

  /**
   * Takes the oldest event, waiting at most {@code timeoutMillis}; returns null on timeout.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public synchronized Runnable poll(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (size == 0) {
      if (woken) {
        woken = false;
        return null;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    Runnable event = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    return event;
  }

  /**
   * Makes the current or next {@link #poll} return at once (null when empty), so a poller that
   * computed its timeout before a new timer was added recomputes it. A wake-up is never lost: it is
   * remembered until a poll sees it.
   */
  public synchronized void wake() {
    woken = true;
    notifyAll();
  }

  /** Events refused because the queue was full. */
  public synchronized long rejected() {
    return rejected;
  }

  @Override
  public String name() {
    return MemoryPlan.APP_EVENTS;
  }

  @Override
  public int capacity() {
    return ring.length;
  }

  @Override
  public int itemBytes() {
    return MemoryPlan.EVENT_SLOT_BYTES;
  }

  @Override
  public synchronized int inUse() {
    return size;
  }
}
