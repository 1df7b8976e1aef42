package io.lightwire.websock.internal.client;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread for all client connections of the JVM ({@code lightwire-ws-send-deadline}) that
 * expires socket writes blocked past their deadline ({@link WriteDeadline}). It checks every {@link
 * #PERIOD_MILLIS} ms while writes are in progress and parks when none has been for {@link
 * #IDLE_CHECKS} checks; a writer that arms a deadline while it is parked wakes it. So a blocked
 * write ends between its deadline and two periods after it, and an idle client costs no wake-ups.
 *
 * <p>The watched list is a copy-on-write array: registering (once per connection) allocates, a
 * check does not.
 */
final class WriteWatchdog {

  /** How often armed writes are checked: 10 ms. */
  static final long PERIOD_MILLIS = 10;

  /** Checks without an armed write before the thread parks: 100 (one second). */
  static final int IDLE_CHECKS = 100;

  private static final Object LOCK = new Object();
  private static volatile WriteDeadline[] watched = new WriteDeadline[0];
  private static volatile boolean parked;
  private static Thread thread;

  private WriteWatchdog() {}

  /** Watches a connection's deadline until {@link #unregister}; starts the thread on first use. */
  static void register(WriteDeadline deadline) {
    synchronized (LOCK) {
      WriteDeadline[] next = Arrays.copyOf(watched, watched.length + 1);
      next[watched.length] = deadline;
      watched = next;
      if (thread == null) {
        thread = new Thread(WriteWatchdog::run, "lightwire-ws-send-deadline");
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  /** Stops watching a connection that ended. Idempotent. */
  static void unregister(WriteDeadline deadline) {
    synchronized (LOCK) {
      WriteDeadline[] current = watched;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == deadline) {
          WriteDeadline[] next = new WriteDeadline[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          watched = next;
          return;
        }
      }
    }
  }

  /** Called after a write was armed: unparks the thread if it sleeps (no syscall otherwise). */
  static void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  private static boolean checkAll() {
    boolean armed = false;
    long now = System.nanoTime();
    for (WriteDeadline deadline : watched) {
      armed |= deadline.check(now);
    }
    return armed;
  }

  private static void run() {
    int idle = 0;
    while (true) {
      idle = checkAll() ? 0 : idle + 1;
      if (idle < IDLE_CHECKS) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
        continue;
      }
      // Park for good unless a write was armed meanwhile. A writer arms, then reads `parked`; we
      // set `parked`, then check: one of the two sees the other (both are volatile accesses).
      parked = true;
      if (!checkAll()) {
        LockSupport.park();
      }
      parked = false;
      idle = 0;
    }
  }
}
