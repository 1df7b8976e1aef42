package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.pool.Pool;
import java.util.List;

/**
 * The check every server test ends with: each pool is back to zero in use; and the wait for a slot
 * count after clients came or left.
 */
final class Pools {

  private Pools() {}

  /**
   * Waits until {@code expected} connection slots are in use, then asserts it. One loop pass
   * usually settles it ({@link ClockSteps#awaitPass}: the loop has then read every connect, close
   * and reset that had arrived); a bounded poll (5 s) covers what the kernel had not delivered.
   */
  static void awaitSlotsInUse(Server server, int expected) throws InterruptedException {
    ClockSteps.awaitPass(server);
    for (int i = 0; i < 250 && server.connectionSlots().inUse() != expected; i++) {
      Thread.sleep(20);
    }
    assertEquals(expected, server.connectionSlots().inUse(), "connection slots in use");
  }

  /**
   * After a scenario: waits for the clients to leave, stops {@code server} (when there is one) and
   * checks every pool.
   */
  static void stopWhenIdle(Server server) throws InterruptedException {
    if (server == null) {
      return;
    }
    awaitSlotsInUse(server, 0);
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
