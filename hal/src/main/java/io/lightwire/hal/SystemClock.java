package io.lightwire.hal;

import java.time.Instant;

/**
 * {@link HalClock#system()}. Wall-clock microseconds are derived from {@link System#nanoTime()} and
 * an {@link Instant} taken at most once a second, so stamping a frame allocates nothing.
 */
enum SystemClock implements HalClock {
  INSTANCE;

  private static final long RECALIBRATE_NANOS = 1_000_000_000L;

  /** A wall-clock reading and the monotonic time it was taken at. */
  private record Calibration(long epochMicros, long nanos) {}

  private volatile Calibration calibration = calibrate();

  private static Calibration calibrate() {
    long nanos = System.nanoTime();
    Instant now = Instant.now();
    return new Calibration(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, nanos);
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long epochMicros() {
    long now = System.nanoTime();
    Calibration c = calibration;
    if (now - c.nanos() > RECALIBRATE_NANOS) {
      c = calibrate();
      calibration = c;
    }
    return c.epochMicros() + (now - c.nanos()) / 1_000;
  }
}
