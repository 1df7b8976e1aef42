package io.lightwire.hal;

/**
 * The time source of a {@link Hardware}: a monotonic clock for event timestamps and a wall clock
 * for frame capture times. The emulated board can run on a virtual clock that tests advance.
 */
public interface HalClock {

  /** Monotonic time in nanoseconds, for intervals and event timestamps. */
  long nanos();

  /** Wall-clock time in microseconds since the Unix epoch, for capture times. */
  long epochMicros();

  /** The system clocks: {@link System#nanoTime()} and {@link java.time.Instant#now()}. */
  static HalClock system() {
    return SystemClock.INSTANCE;
  }
}
