package io.lightwire.examples.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.pool.Pool;
import java.util.List;

/** The end-of-scenario check: every pool back to zero in use. */
public final class Pools {

  private Pools() {}

  /** Fails naming each pool that still has items in use. */
  public static void assertAllFree(List<Pool> pools) {
    StringBuilder busy = new StringBuilder();
    for (Pool p : pools) {
      if (p.inUse() != 0) {
        busy.append(p.name()).append(": ").append(p.inUse()).append(" in use; ");
      }
    }
    assertEquals("", busy.toString(), "every pool back to zero in use");
  }
}
