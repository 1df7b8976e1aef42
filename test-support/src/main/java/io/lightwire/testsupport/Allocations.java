package io.lightwire.testsupport;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread, as HotSpot counts them. */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Measured rounds; the least is reported. */
  private static final int ROUNDS = 5;

  private Allocations() {}

  /**
   * Runs {@code task} {@code warmup} times, then {@code count} times in each of five rounds, and
   * returns the fewest bytes a round allocated on this thread, per run. A task that allocates
   * allocates in every round; a one-off allocation by the JVM itself (a compilation landing, a
   * deoptimization) lands in one round only, so the minimum separates the two.
   */
  public static double perRun(int warmup, int count, Runnable task) {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < warmup; i++) {
      task.run();
    }
    long thread = Thread.currentThread().threadId();
    long least = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long before = THREADS.getThreadAllocatedBytes(thread);
      long overhead = THREADS.getThreadAllocatedBytes(thread) - before; // the call itself
      before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < count; i++) {
        task.run();
      }
      long after = THREADS.getThreadAllocatedBytes(thread);
      least = Math.min(least, Math.max(0, after - before - overhead));
    }
    return least / (double) count;
  }
}
