package io.lightwire.websock.pool;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of equal byte buffers sliced from one allocation made at construction: direct
 * memory by default (socket writes need no extra copy), or a heap array where the bytes are parsed
 * in place through {@link ByteBuffer#array()} (the server's receive buffers).
 *
 * <p>{@link #acquire()} returns a cleared buffer or {@code null} when every buffer is taken:
 * exhaustion is a defined outcome the caller acts on (refuse the connection, drop the frame), not
 * an exception. Nothing is allocated after construction. Acquire and release are safe from any
 * thread; they take a short uncontended lock and are meant for per-connection or per-message life
 * cycles, not per-byte work.
 */
public final class BufferPool implements Pool {

  private final String name;
  private final boolean direct;
  private final int bufferBytes;
  private final ByteBuffer[] buffers;
  private final int[] free;
  private final boolean[] taken;
  private int freeCount;
  private final AtomicInteger inUse = new AtomicInteger();

  /**
   * Reserves {@code count} direct buffers of {@code bufferBytes} bytes each.
   *
   * @throws IllegalArgumentException when count or size is negative, or the total is over 2 GiB
   */
  public BufferPool(String name, int count, int bufferBytes) {
    this(name, count, bufferBytes, true);
  }

  /**
   * Reserves {@code count} buffers of {@code bufferBytes} bytes each, direct or on the heap.
   *
   * @throws IllegalArgumentException when count or size is negative, or the total is over 2 GiB
   */
  public BufferPool(String name, int count, int bufferBytes, boolean direct) {
    if (count < 0 || bufferBytes < 0) {
      throw new IllegalArgumentException(
          "pool '" + name + "': count " + count + " and size " + bufferBytes + " must be >= 0");
    }
    long total = (long) count * bufferBytes;
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "pool '" + name + "': " + count + " x " + bufferBytes + " bytes is over 2 GiB");
    }
    this.name = name;
    this.direct = direct;
    this.bufferBytes = bufferBytes;
    this.buffers = new ByteBuffer[count];
    this.free = new int[count];
    this.taken = new boolean[count];
    ByteBuffer whole =
        direct ? ByteBuffer.allocateDirect((int) total) : ByteBuffer.allocate((int) total);
    for (int i = 0; i < count; i++) {
      buffers[i] = whole.slice(i * bufferBytes, bufferBytes);
      free[i] = count - 1 - i;
    }
    freeCount = count;
  }

  /** Takes a cleared buffer, or returns {@code null} when the pool is exhausted. */
  public ByteBuffer acquire() {
    synchronized (free) {
      if (freeCount == 0) {
        return null;
      }
      int index = free[--freeCount];
      taken[index] = true;
      inUse.incrementAndGet();
      return buffers[index].clear();
    }
  }

  /**
   * Gives a buffer back. Releasing {@code null} does nothing.
   *
   * @throws IllegalArgumentException when the buffer is not one of this pool's or is already free
   */
  public void release(ByteBuffer buffer) {
    if (buffer == null) {
      return;
    }
    int index = indexOf(buffer);
    synchronized (free) {
      if (!taken[index]) {
        throw new IllegalArgumentException(
            "pool '" + name + "': buffer " + index + " is not taken");
      }
      taken[index] = false;
      free[freeCount++] = index;
      inUse.decrementAndGet();
    }
  }

  /**
   * The index (0 to capacity - 1) of one of this pool's buffers, so a caller can keep preallocated
   * companions per buffer.
   *
   * @throws IllegalArgumentException when the buffer is not one of this pool's
   */
  public int indexOf(ByteBuffer buffer) {
    // Identity lookup: the pool hands out its own slices, so the index is found by reference.
    for (int i = 0; i < buffers.length; i++) {
      if (buffers[i] == buffer) {
        return i;
      }
    }
    throw new IllegalArgumentException("pool '" + name + "': buffer does not belong to this pool");
  }

  /** True for direct memory, false for heap buffers (with an accessible backing array). */
  public boolean direct() {
    return direct;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int capacity() {
    return buffers.length;
  }

  @Override
  public int itemBytes() {
    return bufferBytes;
  }

  @Override
  public int inUse() {
    return inUse.get();
  }
}
