package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.Protocol;
import java.nio.ByteBuffer;

/**
 * A broadcast message encoded once (frame headers and payload, fragmented when needed) into one
 * pooled buffer, and written from there to every connection that queued it. One exists per pool
 * buffer and is reused. Reference counted on the service thread: the buffer goes back to its pool
 * when the last connection is done with it.
 */
final class SharedMessage {

  final ByteBuffer bytes;
  final int index;
  private final BufferPool pool;
  int length;
  Protocol protocol;
  BroadcastFilter filter;
  private int references;

  SharedMessage(ByteBuffer bytes, int index, BufferPool pool) {
    this.bytes = bytes;
    this.index = index;
    this.pool = pool;
  }

  /**
   * Sets what this message carries now (the buffer holds {@code encoded} bytes) and which
   * connections take it ({@code null}: every one of the protocol).
   */
  void prepare(int encoded, Protocol target, BroadcastFilter accept) {
    length = encoded;
    protocol = target;
    filter = accept;
    references = 0;
  }

  void retain() {
    references++;
  }

  /** Drops one reference; the last one returns the buffer to its pool. */
  void release() {
    if (--references == 0) {
      pool.release(bytes);
    }
  }

  /** Returns the buffer if no connection took a reference (a broadcast with no receivers). */
  void releaseIfUnused() {
    if (references == 0) {
      pool.release(bytes);
    }
  }
}
