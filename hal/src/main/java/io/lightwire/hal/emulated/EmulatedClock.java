package io.lightwire.hal.emulated;

import io.lightwire.hal.HalClock;

/**
 * The emulated board's time: a {@link HalClock} that can also run tasks at a given time. Either a
 * {@link VirtualClock} that tests advance by hand (everything runs on the test's thread,
 * deterministic) or {@link #realtime()}, one daemon thread on the system clocks (for demos).
 */
public sealed interface EmulatedClock extends HalClock permits VirtualClock, RealtimeClock {

  /**
   * Runs {@code task} once when {@link #nanos()} reaches {@code atNanos}; tasks due at the same
   * time run in the order they were scheduled.
   */
  void schedule(long atNanos, Runnable task);

  /** Stops running tasks; pending ones are dropped. */
  void shutdown();

  /** A clock on the system time with its own daemon scheduler thread. */
  static EmulatedClock realtime() {
    return new RealtimeClock();
  }
}
