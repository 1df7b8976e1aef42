package io.lightwire.websock.server;

import io.lightwire.websock.pool.BufferPool;

/**
 * The static memory a server runs in. The firmware allocates these pools in its memory plan and
 * hands them over; a library user can let {@link #allocate(ServerConfig)} size them from the
 * config.
 *
 * @param rxBuffers receive buffers, one per slot; heap buffers (frames are parsed and unmasked in
 *     place through the backing array)
 * @param txBuffers transmit buffers, one per slot
 * @param messageBuffers WebSocket message assembly buffers, one per WebSocket slot; heap buffers
 * @param broadcastBuffers encoded broadcast messages in flight, shared by every receiver
 */
public record ServerMemory(
    BufferPool rxBuffers,
    BufferPool txBuffers,
    BufferPool messageBuffers,
    BufferPool broadcastBuffers) {

  /** Allocates exactly what {@code config} asks for. */
  public static ServerMemory allocate(ServerConfig config) {
    return new ServerMemory(
        new BufferPool("rx buffers", config.maxConnections(), config.rxBufferBytes(), false),
        new BufferPool("tx buffers", config.maxConnections(), config.txBufferBytes()),
        new BufferPool("message buffers", config.maxConnections(), config.maxMessageBytes(), false),
        new BufferPool(
            "broadcast buffers", config.broadcastBuffers(), config.broadcastBufferBytes()));
  }

  /**
   * Checks that these pools can serve {@code config}.
   *
   * @throws IllegalArgumentException naming the pool and the shortfall
   */
  void checkFits(ServerConfig config) {
    heap(rxBuffers);
    heap(messageBuffers);
    fits(rxBuffers, config.maxConnections(), config.rxBufferBytes());
    fits(txBuffers, config.maxConnections(), config.txBufferBytes());
    fits(messageBuffers, 0, config.maxMessageBytes());
    fits(broadcastBuffers, 0, 0);
  }

  private static void heap(BufferPool pool) {
    if (pool.direct()) {
      throw new IllegalArgumentException(
          "pool '" + pool.name() + "' must hold heap buffers: frames are parsed in place");
    }
  }

  private static void fits(BufferPool pool, int count, int bytes) {
    if (pool.capacity() < count || (pool.capacity() > 0 && pool.itemBytes() < bytes)) {
      throw new IllegalArgumentException(
          "pool '"
              + pool.name()
              + "' holds "
              + pool.capacity()
              + " x "
              + pool.itemBytes()
              + " bytes; the server needs "
              + count
              + " x "
              + bytes);
    }
  }
}
