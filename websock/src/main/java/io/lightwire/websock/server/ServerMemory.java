package io.lightwire.websock.server;

import io.lightwire.websock.pool.BufferPool;

/**
 * The static memory a server runs in: one receive and one transmit buffer per connection slot. The
 * firmware allocates these in its memory plan and hands them over; a library user can let {@link
 * #allocate(ServerConfig)} size them from the config.
 *
 * @param rxBuffers receive buffers, at least {@code maxConnections} of at least {@code
 *     rxBufferBytes}
 * @param txBuffers transmit buffers, at least {@code maxConnections} of at least {@code
 *     txBufferBytes}
 */
public record ServerMemory(BufferPool rxBuffers, BufferPool txBuffers) {

  /** Allocates exactly what {@code config} asks for. */
  public static ServerMemory allocate(ServerConfig config) {
    return new ServerMemory(
        new BufferPool("rx buffers", config.maxConnections(), config.rxBufferBytes()),
        new BufferPool("tx buffers", config.maxConnections(), config.txBufferBytes()));
  }

  /**
   * Checks that these pools can serve {@code config}.
   *
   * @throws IllegalArgumentException naming the pool and the shortfall
   */
  void checkFits(ServerConfig config) {
    fits(rxBuffers, config.maxConnections(), config.rxBufferBytes());
    fits(txBuffers, config.maxConnections(), config.txBufferBytes());
  }

  private static void fits(BufferPool pool, int count, int bytes) {
    if (pool.capacity() < count || pool.itemBytes() < bytes) {
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
