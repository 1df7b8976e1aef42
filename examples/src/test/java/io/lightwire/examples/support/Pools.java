package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerMemory;
import java.util.ArrayList;
import java.util.List;

/** The check every server scenario ends with: each pool is back to zero in use. */
public final class Pools {

  private Pools() {}

  /** Fails naming each of {@code pools} that still has items in use. */
  public static void assertAllFree(List<Pool> pools) {
    StringBuilder busy = new StringBuilder();
    for (Pool p : pools) {
      if (p.inUse() != 0) {
        busy.append(p.name()).append(": ").append(p.inUse()).append(" in use; ");
      }
    }
    assertEquals("", busy.toString(), "every pool back to zero in use");
  }

  /** Asserts that the stopped {@code server} holds no slot and no buffer. */
  public static void assertAllFree(Server server) {
    assertEquals(true, server.isStopped(), "the server has stopped");
    ServerMemory m = server.memory();
    List<Pool> pools =
        new ArrayList<>(
            List.of(
                server.connectionSlots(),
                m.rxBuffers(),
                m.txBuffers(),
                m.messageBuffers(),
                m.broadcastBuffers()));
    server.tlsBuffers().ifPresent(pools::add);
    for (Pool pool : pools) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after the scenario");
    }
  }
}
