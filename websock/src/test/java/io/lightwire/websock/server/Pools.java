package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.pool.Pool;
import java.util.List;

/** The check every server test ends with: each pool is back to zero in use. */
final class Pools {

  private Pools() {}

  static void assertAllFree(Server server) {
    ServerMemory m = server.memory();
    for (Pool pool :
        List.of(
            server.connectionSlots(),
            m.rxBuffers(),
            m.txBuffers(),
            m.messageBuffers(),
            m.broadcastBuffers())) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after the scenario");
    }
  }
}
