package io.lightwire.hal;

import java.time.Instant;

/** {@link HalClock#system()}. */
enum SystemClock implements HalClock {
  INSTANCE;

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
