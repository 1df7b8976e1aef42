package io.lightwire.websock.internal.server;

/**
 * A fixed ring through which other threads hand work to the service thread (broadcasts, tasks).
 * {@link #offer} refuses when full instead of blocking; the service thread drains it each pass.
 */
final class Handoff<T> {

  private final Object[] ring;
  private int head;
  private int size;

  Handoff(int capacity) {
    ring = new Object[Math.max(1, capacity)];
  }

  /** Adds {@code item}; false when the ring is full. Any thread. */
  synchronized boolean offer(T item) {
    if (size == ring.length) {
      return false;
    }
    ring[(head + size) % ring.length] = item;
    size++;
    return true;
  }

  /** Items waiting now. Any thread. */
  synchronized int size() {
    return size;
  }

  /** Takes the oldest item, or null when empty. Service thread. */
  @SuppressWarnings("unchecked")
  synchronized T poll() {
    if (size == 0) {
      return null;
    }
    T item = (T) ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    return item;
  }
}
