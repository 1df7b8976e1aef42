package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A slot's output channel (its socket, or the TLS layer over it) that counts the write calls the
 * engine makes, so {@link Counters#socketWrites()} shows how well writes are coalesced (on a plain
 * socket each call is one system call). One per slot, made at start; service thread only.
 */
final class CountedOutput implements GatheringByteChannel {

  private final Counters counters;
  private GatheringByteChannel target;

  CountedOutput(Counters counters) {
    this.counters = counters;
  }

  /** Writes now go to {@code channel} (null: the slot is free). */
  void target(GatheringByteChannel channel) {
    target = channel;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    counters.countWrite();
    return target.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    counters.countWrite();
    return target.write(srcs, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public boolean isOpen() {
    return target != null && target.isOpen();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
