package io.lightwire.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that moves only when a test moves it: the {@code LongSupplier nanoClock} that
 * the server, the firmware timers and the streams take in place of {@link System#nanoTime()}.
 *
 * <p>Like {@code System.nanoTime()}, its values mean nothing on their own; only differences do.
 * {@link #nearWrap()} starts a few seconds before the {@code long} range wraps, so a test can show
 * that the code under test compares times by subtraction ({@code now - deadline >= 0}) and not by
 * {@code now >= deadline}. Safe to read from any thread; {@link #advance} publishes the new time to
 * every reader.
 */
public final class ManualClock implements LongSupplier {

  private final AtomicLong nanos;

  /** A clock at an arbitrary positive time. */
  public ManualClock() {
    this(1_000_000_000_000L);
  }

  /** A clock at {@code startNanos}. */
  public ManualClock(long startNanos) {
    nanos = new AtomicLong(startNanos);
  }

  /** A clock five seconds before its nanosecond count wraps from positive to negative. */
  public static ManualClock nearWrap() {
    return new ManualClock(Long.MAX_VALUE - 5_000_000_000L);
  }

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  /** Moves the clock forward by {@code step} and returns the new time. */
  public long advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + step);
    }
    return nanos.addAndGet(step.toNanos());
  }

  /** Moves the clock forward by {@code millis} milliseconds and returns the new time. */
  public long advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }
}
