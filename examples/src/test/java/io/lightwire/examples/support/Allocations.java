package io.lightwire.examples.support;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread, as HotSpot counts them. */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * Runs {@code task} {@code warmup} times, then {@code count} times, and returns the bytes the
   * measured runs allocated on this thread, per run.
   */
  public static double perRun(int warmup, int count, Runnable task) {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < warmup; i++) {
      task.run();
    }
    long thread = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    long overhead = THREADS.getThreadAllocatedBytes(thread) - before; // the call itself
    before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < count; i++) {
      task.run();
    }
    long after = THREADS.getThreadAllocatedBytes(thread);
    return Math.max(0, after - before - overhead) / (double) count;
  }
}
