package io.lightwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The manual clock moves only forward, by exactly what a test asks, and through the wrap. */
class ManualClockTest {

  @Test
  void advancesByTheStepAndNeverBack() {
    ManualClock clock = new ManualClock(100);
    assertEquals(100, clock.getAsLong());
    assertEquals(1_000_100, clock.advanceMillis(1));
    assertEquals(1_000_100, clock.getAsLong());
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertEquals(1_000_100, clock.getAsLong());
  }

  @Test
  void nearWrapCrossesIntoNegativeValuesAndDifferencesStayRight() {
    ManualClock clock = ManualClock.nearWrap();
    long before = clock.getAsLong();
    long after = clock.advance(Duration.ofSeconds(6));
    assertTrue(after < before, "the count wrapped");
    assertEquals(6_000_000_000L, after - before);
  }
}
