package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.pool.Pool;
import java.util.List;

/** The check every server test ends with: each pool is back to zero in use. */
final class Pools {

  private Pools() {}

  /**
   * Waits up to 3 s for the clients to leave, stops {@code server} (when there is one) and checks
   * every pool.
   */
  static void stopWhenIdle(Server server) throws InterruptedException {
    if (server == null) {
      return;
    }
    for (int i = 0; i < 300 && server.connectionSlots().inUse() > 0; i++) {
      Thread.sleep(10);
    }
    server.stop();
    assertAllFree(server);
  }

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
