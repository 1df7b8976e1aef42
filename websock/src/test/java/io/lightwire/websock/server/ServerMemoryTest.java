package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The bytes the memory plan shows per connection slot are the bytes a slot really costs: measured
 * as the heap a server with many slots allocates at start beyond one with a single slot (the pools
 * are allocated before, so only the slots' own objects count), plus the slot's direct control
 * buffers, which the heap count cannot see.
 */
class ServerMemoryTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int MANY = 257;

  private static final int QUEUE_DEPTH = Protocol.of("p", new WebSocketHandler() {}).queueDepth();

  /** Direct bytes per WebSocket slot: two control frames' room and a frame header. */
  private static final int DIRECT_BYTES_PER_SLOT = 2 * (2 + 125) + 14;

  @Test
  void theConnectionSlotSizeIsWhatASlotAllocates() throws Exception {
    long one = startAllocation(1);
    long many = startAllocation(MANY);
    long measured = (many - one) / (MANY - 1) + DIRECT_BYTES_PER_SLOT;
    int planned = ServerMemory.slotBytes(QUEUE_DEPTH);
    assertTrue(
        Math.abs(planned - measured) <= measured * 0.15,
        "planned " + planned + " B per slot, measured " + measured + " B");
  }

  @Test
  void theLiveSlotPoolShowsThePlannedSize() throws Exception {
    ServerConfig config = ServerConfig.builder().maxConnections(4).build();
    try (Server server =
        Server.builder(config).protocol(Protocol.of("p", new WebSocketHandler() {})).open()) {
      assertEquals(ServerMemory.CONNECTION_SLOTS, server.connectionSlots().name());
      assertEquals(ServerMemory.slotBytes(QUEUE_DEPTH), server.connectionSlots().itemBytes());
      assertEquals(4, server.connectionSlots().capacity());
    }
  }

  /** Heap bytes this thread allocates to open (and close) a server of {@code slots} slots. */
  private static long startAllocation(int slots) throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .maxConnections(slots)
            .maxConnectionsPerAddress(slots)
            .rxBufferBytes(8192)
            .txBufferBytes(256)
            .maxMessageBytes(125)
            .build();
    ServerMemory memory = ServerMemory.allocate(config, null);
    Protocol protocol = Protocol.of("p", new WebSocketHandler() {});
    Server.Builder builder = Server.builder(config).memory(memory).protocol(protocol);
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) { // the first round also loads classes
      long before = THREADS.getCurrentThreadAllocatedBytes();
      Server server = builder.open();
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      server.close();
      best = Math.min(best, allocated);
    }
    return best;
  }
}
