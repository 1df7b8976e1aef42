package io.lightwire.hal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HalClockTest {

  @Test
  void theSystemWallClockTracksInstantNowToWithinAMillisecondOrSo() {
    for (int i = 0; i < 5; i++) {
      Instant now = Instant.now();
      long expected = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      long actual = HalClock.system().epochMicros();
      assertTrue(Math.abs(actual - expected) < 20_000, actual + " vs " + expected);
    }
  }

  @Test
  void theMonotonicClockNeverGoesBack() {
    long last = HalClock.system().nanos();
    for (int i = 0; i < 1000; i++) {
      long now = HalClock.system().nanos();
      assertTrue(now >= last);
      last = now;
    }
  }
}
