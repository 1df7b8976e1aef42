package io.lightwire.firmware;

import io.lightwire.websock.pool.Pool;

/**
 * The application thread's queue: a fixed ring of events sized by the memory plan. Any thread may
 * {@link #offer}; a full queue refuses the event and counts it, so a producer such as the service
 * loop is never blocked. Only the application thread polls.
 *
 * <p>Part of the ring can be reserved (the plan's {@code app reserved events}) for events that must
 * never be lost, such as a page's connect and disconnect: ordinary {@link #offer}s never take those
 * slots, and {@link #offerReserved} can always take one as long as its producers keep at most the
 * reserved number queued at once (each holds one event object that it posts again only after it
 * ran, as a GPIO input's edge event does). This object is the {@code app events} pool (the
 * application's share); {@link #reservedPool()} is the reserved share.
 */
public final class EventQueue implements Pool {

  private final Runnable[] ring;
  private final boolean[] reservedEntry;
  private final int reserved;
  private final Pool reservedPool;
  private int head;
  private int size;
  private int reservedQueued;
  private long rejected;
  private boolean woken;

  /** A queue of {@code capacity} events, none reserved. */
  public EventQueue(int capacity) {
    this(capacity, 0);
  }

  /**
   * A queue of {@code capacity} ordinary events plus {@code reserved} slots only {@link
   * #offerReserved} uses.
   */
  public EventQueue(int capacity, int reserved) {
    if (capacity < 1) {
      throw new IllegalArgumentException("event queue capacity " + capacity + " must be >= 1");
    }
    if (reserved < 0) {
      throw new IllegalArgumentException("reserved events " + reserved + " must be >= 0");
    }
    this.ring = new Runnable[capacity + reserved];
    this.reservedEntry = new boolean[capacity + reserved];
    this.reserved = reserved;
    this.reservedPool = new ReservedShare();
  }

  /** Queues {@code event}; returns false (and counts it) when the application's share is full. */
  public synchronized boolean offer(Runnable event) {
    if (size - reservedQueued == ring.length - reserved) {
      rejected++;
      return false;
    }
    put(event, false);
    return true;
  }

  /**
   * Queues {@code event} in the reserved share; false (counted) only when more reserved events are
   * queued than were reserved, which is a producer's bug.
   */
  public synchronized boolean offerReserved(Runnable event) {
    if (reservedQueued == reserved) {
      rejected++;
      return false;
    }
    reservedQueued++;
    put(event, true);
    return true;
  }

  private void put(Runnable event, boolean isReserved) {
    int tail = (head + size) % ring.length;
    ring[tail] = event;
    reservedEntry[tail] = isReserved;
    size++;
    notifyAll();
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
    if (reservedEntry[head]) {
      reservedEntry[head] = false;
      reservedQueued--;
    }
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

  /** The reserved share as a pool ({@code app reserved events}). */
  public Pool reservedPool() {
    return reservedPool;
  }

  @Override
  public String name() {
    return MemoryPlan.APP_EVENTS;
  }

  @Override
  public int capacity() {
    return ring.length - reserved;
  }

  @Override
  public int itemBytes() {
    return MemoryPlan.EVENT_SLOT_BYTES;
  }

  @Override
  public synchronized int inUse() {
    return size - reservedQueued;
  }

  private synchronized int reservedInUse() {
    return reservedQueued;
  }

  /** The reserved share's view, for the plan and {@code /status}. */
  private final class ReservedShare implements Pool {
    @Override
    public String name() {
      return MemoryPlan.APP_RESERVED_EVENTS;
    }

    @Override
    public int capacity() {
      return reserved;
    }

    @Override
    public int itemBytes() {
      return MemoryPlan.EVENT_SLOT_BYTES;
    }

    @Override
    public int inUse() {
      return reservedInUse();
    }
  }
}
