package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.Pool;
import java.util.function.IntFunction;

/**
 * The server's connection slots, made once at start, and the free list that hands them out. A slot
 * is taken when a client is accepted and given back when its connection ends; the slot's WebSocket
 * session counts the generations it served, so a handle of an earlier connection never reaches a
 * later one.
 *
 * <p>Taking and giving run on the service thread only; {@link #inUse()} may be read from any thread
 * (one writer, so the {@code volatile} count is exact).
 */
final class SlotTable implements Pool {

  private final Connection[] slots;
  private final int[] free;
  private int freeCount;
  private final int slotBytes;
  private volatile int open;

  /** {@code count} slots made by {@code make}, each keeping {@code slotBytes} (for the plan). */
  SlotTable(int count, int slotBytes, IntFunction<Connection> make) {
    this.slotBytes = slotBytes;
    slots = new Connection[count];
    free = new int[count];
    for (int i = 0; i < count; i++) {
      slots[i] = make.apply(i);
      free[i] = count - 1 - i; // the lowest index is handed out first
    }
    freeCount = count;
  }

  /** Every slot, bound or not, for scans (deadlines, broadcast, writable callbacks). */
  Connection[] all() {
    return slots;
  }

  boolean hasFree() {
    return freeCount > 0;
  }

  /** A free slot, counted in use; the caller checked {@link #hasFree()}. */
  Connection take() {
    open++;
    return slots[free[--freeCount]];
  }

  /** Gives back a slot {@link #take()} handed out (its connection ended or never started). */
  void give(Connection c) {
    free[freeCount++] = c.index;
    open--;
  }

  @Override
  public String name() {
    return "connection slots";
  }

  @Override
  public int capacity() {
    return slots.length;
  }

  @Override
  public int itemBytes() {
    return slotBytes;
  }

  @Override
  public int inUse() {
    return open;
  }
}
