package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.ServerMemory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory plan is the one list of pools: each live pool is tied to its entry by name, count and
 * size, so the order of the entries cannot mislabel a pool, and the sizes are the real ones.
 */
class MemoryPlanTest {

  @TempDir Path root;

  @Test
  void aPoolIsShownUnderItsOwnEntryWhateverTheOrder() {
    List<MemoryPlan.Entry> entries =
        new ArrayList<>(MemoryPlan.from(FirmwareConfig.defaults()).entries());
    Collections.reverse(entries);
    MemoryPlan reversed = new MemoryPlan(entries);
    BufferPool rx = reversed.allocate(MemoryPlan.RX_BUFFERS, false);
    BufferPool tx = reversed.allocate(MemoryPlan.TX_BUFFERS, true);
    assertEquals(MemoryPlan.RX_BUFFERS, rx.name());
    assertEquals(reversed.entry(MemoryPlan.RX_BUFFERS).size(), rx.itemBytes());
    assertEquals(reversed.entry(MemoryPlan.TX_BUFFERS).size(), tx.itemBytes());
  }

  @Test
  void bindingAPoolToAnotherEntryIsRefused() {
    MemoryPlan plan = MemoryPlan.from(FirmwareConfig.defaults());
    MemoryPlan.Entry rx = plan.entry(MemoryPlan.RX_BUFFERS);
    BufferPool misnamed = new BufferPool(MemoryPlan.TX_BUFFERS, rx.count(), rx.size(), false);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> plan.bind(MemoryPlan.RX_BUFFERS, misnamed));
    assertTrue(e.getMessage().contains("'tx buffers'"), e.getMessage());
    assertTrue(e.getMessage().contains("'rx buffers'"), e.getMessage());
    BufferPool wrongCount = new BufferPool(MemoryPlan.RX_BUFFERS, rx.count() + 1, rx.size(), false);
    assertThrows(IllegalStateException.class, () -> plan.bind(MemoryPlan.RX_BUFFERS, wrongCount));
  }

  @Test
  void aPoolCannotBeBoundTwiceNorReadBeforeItIsAllocated() {
    MemoryPlan plan = MemoryPlan.from(FirmwareConfig.defaults());
    plan.allocate(MemoryPlan.RX_BUFFERS, false);
    assertThrows(IllegalStateException.class, () -> plan.allocate(MemoryPlan.RX_BUFFERS, false));
    IllegalStateException e = assertThrows(IllegalStateException.class, plan::pools);
    assertTrue(e.getMessage().contains("is not allocated"), e.getMessage());
  }

  @Test
  void theSlotLineShowsWhatASlotReallyKeeps() {
    MemoryPlan plan = MemoryPlan.from(FirmwareConfig.defaults());
    assertEquals(
        ServerMemory.slotBytes(MemoryPlan.BUILT_IN_QUEUE_DEPTH),
        plan.entry(MemoryPlan.CONNECTION_SLOTS).size());
    assertEquals(0, plan.entry(MemoryPlan.TLS_BUFFERS).count(), "no TLS: no TLS buffers");
    MemoryPlan tls = MemoryPlan.from(FirmwareConfig.defaults(), 16_709, 0);
    assertEquals(3 * 32, tls.entry(MemoryPlan.TLS_BUFFERS).count());
    assertEquals(16_709, tls.entry(MemoryPlan.TLS_BUFFERS).size());
  }

  /** After boot every entry has its live pool, the server's own slot pool among them. */
  @Test
  void bootBindsEveryPoolOfThePlan() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(
                Map.of(
                    "server.port", "0",
                    "server.bind", "127.0.0.1",
                    "state.dir", root.resolve("state").toString(),
                    "camera.enabled", "false"),
                "in the test");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Firmware firmware =
        Firmware.boot(config, new PrintStream(printed, true, StandardCharsets.UTF_8), root)) {
      List<MemoryPlan.Bound> pools = firmware.plan().pools();
      assertEquals(firmware.plan().entries().size(), pools.size());
      for (MemoryPlan.Bound b : pools) {
        assertEquals(b.entry().pool(), b.pool().name());
        assertEquals(b.entry().count(), b.pool().capacity(), b.entry().pool());
        if (b.entry().count() > 0) {
          // The slot line is planned before the protocols exist: a queue entry's bytes apart.
          int slack = b.entry().pool().equals(MemoryPlan.CONNECTION_SLOTS) ? 256 : 0;
          assertTrue(
              Math.abs(b.entry().size() - b.pool().itemBytes()) <= slack,
              b.entry() + " vs live " + b.pool().itemBytes());
        }
      }
      assertSame(
          firmware.pools().get(0), pools.get(0).pool(), "Firmware.pools() reads the same list");
      String report = printed.toString(StandardCharsets.UTF_8);
      String slotLine = "connection slots        32";
      assertTrue(report.contains(slotLine), report);
    }
  }
}
