package io.lightwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The measurement behind the allocation tests sees an allocation when there is one. */
class AllocationsTest {

  private static Object sink;

  @Test
  void aTaskThatAllocatesIsSeenInEveryRound() {
    double bytes = Allocations.perRun(1_000, 10_000, () -> sink = new long[2]);
    assertTrue(bytes >= 16, "a long[2] is at least 16 bytes, measured " + bytes);
  }
}
