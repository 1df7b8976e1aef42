package io.lightwire.websock.internal.server;

import java.nio.channels.Selector;

/**
 * Tasks other threads hand to the service thread ({@code Server.execute}): a fixed ring, run in
 * order once a pass. A pass runs the tasks queued when it reached them, so a task that queues
 * another (or itself) cannot keep the loop from its sockets: the new one runs in the next pass,
 * after this pass's deadlines. A task that throws is counted and logged; the others still run.
 */
final class ServiceTasks {

  /** Tasks other threads may have waiting for the service thread. */
  private static final int CAPACITY = 256;

  private final Handoff<Runnable> ring = new Handoff<>(CAPACITY);
  private final Selector selector;
  private final CallbackGuard guard;

  ServiceTasks(Selector selector, CallbackGuard guard) {
    this.selector = selector;
    this.guard = guard;
  }

  /** Queues {@code task} and wakes the service thread; false when the ring is full. Any thread. */
  boolean offer(Runnable task) {
    if (!ring.offer(task)) {
      return false;
    }
    selector.wakeup();
    return true;
  }

  /** Runs the tasks queued now (not those they queue); returns how many ran. Service thread. */
  int run() {
    Runnable task = ring.poll();
    if (task == null) {
      return 0; // the common pass: one look at the ring, as before
    }
    int queued = ring.size() + 1;
    int ran = 0;
    do {
      ran++;
      try {
        task.run();
      } catch (RuntimeException e) {
        guard.failed("service task failed", e);
      }
    } while (ran < queued && (task = ring.poll()) != null);
    return ran;
  }
}
