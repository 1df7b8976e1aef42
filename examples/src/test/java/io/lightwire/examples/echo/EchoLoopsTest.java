package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How {@code --max-connections} is split over {@code --loops}. */
class EchoLoopsTest {

  @Test
  void oneLoopHasEverySlot() {
    assertEquals(64, EchoLoops.slotsPerLoop(64, 1));
    assertEquals(1, EchoLoops.slotsPerLoop(1, 1));
  }

  @Test
  void eachLoopGetsItsShareAndHeadroomForTheHashesSpread() {
    assertEquals(91, EchoLoops.slotsPerLoop(128, 2), "64 + 3 * 8 + 3: the benchmark's 128 on 2");
    assertEquals(52, EchoLoops.slotsPerLoop(64, 2), "32 + ceil(3 * 5.66) + 3");
    assertEquals(7, EchoLoops.slotsPerLoop(64, 64), "1 + 3 + 3");
  }

  @Test
  void noLoopHasMoreSlotsThanTheTotal() {
    assertEquals(16, EchoLoops.slotsPerLoop(16, 2));
    assertEquals(1, EchoLoops.slotsPerLoop(1, 64));
  }
}
