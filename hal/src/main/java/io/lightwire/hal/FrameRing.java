package io.lightwire.hal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fixed frame ring behind every {@link Camera}: {@code slots} arrays of {@code slotBytes}
 * bytes, allocated once. One writer fills the slot after the newest ({@link #writeSlot()}) and
 * publishes it ({@link #commit}); readers copy the newest frame ({@link #read}). The slot being
 * written is never the newest, and readers copy under the lock, so a reader never sees a
 * half-written frame.
 *
 * <p>Layout: slot {@code i} holds a frame in {@code [0, length[i])} of {@code data[i]}, with its
 * sequence number and capture time in parallel arrays.
 */
public final class FrameRing {

  private final byte[][] data;
  private final long[] sequence;
  private final long[] captureMicros;
  private final int[] length;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition published = lock.newCondition();
  private int newest = -1;
  private long nextSequence;
  private boolean running;

  /**
   * Allocates the ring.
   *
   * @param slots frames kept, at least 2
   * @param slotBytes bytes per frame
   */
  public FrameRing(int slots, int slotBytes) {
    if (slots < 2 || slotBytes < 1) {
      throw new IllegalArgumentException("ring needs >= 2 slots of >= 1 byte");
    }
    data = new byte[slots][slotBytes];
    sequence = new long[slots];
    captureMicros = new long[slots];
    length = new int[slots];
  }

  /** Bytes per slot: the largest frame the ring holds. */
  public int slotBytes() {
    return data[0].length;
  }

  /** Number of slots. */
  public int slots() {
    return data.length;
  }

  /** Total bytes allocated for frames. */
  public long capacityBytes() {
    return (long) data.length * data[0].length;
  }

  /** Writer only: the slot array to fill next (from index 0). Never the newest frame's slot. */
  public byte[] writeSlot() {
    return data[(newest + 1) % data.length];
  }

  /**
   * Writer only: publishes the slot returned by {@link #writeSlot()} as the newest frame.
   *
   * @param frameLength bytes written into the slot
   * @param frameCaptureMicros capture time, microseconds since the epoch
   * @return the frame's sequence number
   */
  public long commit(int frameLength, long frameCaptureMicros) {
    lock.lock();
    try {
      int slot = (newest + 1) % data.length;
      long seq = nextSequence++;
      sequence[slot] = seq;
      captureMicros[slot] = frameCaptureMicros;
      length[slot] = frameLength;
      newest = slot;
      published.signalAll();
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /** The sequence number the next committed frame gets. */
  public long nextSequence() {
    lock.lock();
    try {
      return nextSequence;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the ring as running (readers wait) or stopped (readers get {@link Camera#STOPPED}).
   * Either way the ring forgets its newest frame: a frame from before a stop is never handed out as
   * the newest one after it (a snapshot taken when an idle camera starts again is a fresh frame).
   * Sequence numbers go on rising.
   */
  public void setRunning(boolean value) {
    lock.lock();
    try {
      if (running != value) {
        newest = -1;
      }
      running = value;
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Copies the newest frame with a sequence number above {@code afterSequence}; see {@link
   * Camera#read}.
   */
  public int read(long afterSequence, FrameInfo info, byte[] dst, int offset, long timeoutMillis) {
    long remaining = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    if (remaining == 0) {
      // A poll never parks: a contended lock() would queue a wait node (an allocation on the
      // reader's hot path), tryLock() does not. A ring busy with a commit has no newer frame yet.
      if (!lock.tryLock()) {
        return Camera.TIMEOUT;
      }
    } else {
      lock.lock();
    }
    try {
      while (newest < 0 || sequence[newest] <= afterSequence) {
        if (!running) {
          return Camera.STOPPED;
        }
        if (remaining <= 0) {
          return Camera.TIMEOUT;
        }
        try {
          remaining = published.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Camera.TIMEOUT;
        }
      }
      int len = length[newest];
      if (dst.length - offset < len) {
        return Camera.BUFFER_TOO_SMALL;
      }
      System.arraycopy(data[newest], 0, dst, offset, len);
      info.sequence = sequence[newest];
      info.captureMicros = captureMicros[newest];
      info.length = len;
      return len;
    } finally {
      lock.unlock();
    }
  }
}
