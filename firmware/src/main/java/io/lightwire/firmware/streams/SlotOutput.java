package io.lightwire.firmware.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * msgpack-core's output over one stream message buffer, so a packer writes straight into pooled
 * memory: no intermediate buffer, no copy when the message is sent. The first {@link #next} hands
 * out a view made once at construction; only a message that crosses msgpack-core's own flush points
 * (a payload written with {@code out.write}) makes another view. A message larger than the buffer
 * fails with {@link Overflow} instead of growing.
 */
final class SlotOutput implements MessageBufferOutput {

  /** The message does not fit the stream message buffer. */
  static final class Overflow extends IOException {
    private static final long serialVersionUID = 1L;

    Overflow(int wanted, int capacity) {
      super(
          "stream message over its "
              + capacity
              + " bytes (needed "
              + wanted
              + "); raise streams.message-bytes or send less");
    }
  }

  private final ByteBuffer slot;
  private final int base;
  private final int capacity;
  private final MessageBuffer whole;
  private int committed;

  /** Writes into {@code slot} from {@code base} to its capacity. */
  SlotOutput(ByteBuffer slot, int base) {
    this.slot = slot;
    this.base = base;
    this.capacity = slot.capacity() - base;
    this.whole = MessageBuffer.wrap(slot.duplicate().position(base).limit(slot.capacity()));
  }

  /** Forgets what was written: the next message starts at {@code base}. */
  void rewind() {
    committed = 0;
  }

  /** Bytes committed so far (what the packer flushed). */
  int size() {
    return committed;
  }

  /** Bytes left. */
  int remaining() {
    return capacity - committed;
  }

  /** Where the next byte goes, as an index of the slot. */
  int writeIndex() {
    return base + committed;
  }

  /** Counts {@code length} bytes the caller wrote at {@link #writeIndex()} itself. */
  void skip(int length) throws Overflow {
    if (length > remaining()) {
      throw new Overflow(committed + length, capacity);
    }
    committed += length;
  }

  @Override
  public MessageBuffer next(int minimumSize) throws IOException {
    if (minimumSize > remaining()) {
      throw new Overflow(committed + minimumSize, capacity);
    }
    if (committed == 0) {
      return whole;
    }
    // Rare: msgpack-core flushed mid-message. A view from the first free byte.
    return MessageBuffer.wrap(
        slot.duplicate().position(base + committed).limit(slot.capacity()).slice());
  }

  @Override
  public void writeBuffer(int length) {
    committed += length;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    if (length > remaining()) {
      throw new Overflow(committed + length, capacity);
    }
    slot.put(base + committed, buffer, offset, length);
    committed += length;
  }

  @Override
  public void add(byte[] buffer, int offset, int length) throws IOException {
    write(buffer, offset, length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
