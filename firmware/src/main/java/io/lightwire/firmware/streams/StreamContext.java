package io.lightwire.firmware.streams;

import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * An output context (seed 000's {@code gos_msgpack_context_t}): one stream message buffer from the
 * memory plan's {@code stream messages} pool with a msgpack packer writing straight into it. {@link
 * Streams#write} hands one out with the message's envelope already packed; pack exactly one value,
 * then give it back with {@link Streams#flush} or {@link Streams#abortWrite}. A context neither
 * flushed nor aborted within {@code streams.write-lease-ms} is reclaimed and reported as a leak.
 *
 * <p>One thread fills a context at a time. Contexts are pooled: do not touch one after flushing or
 * aborting it.
 */
public final class StreamContext {

  static final int FREE = 0;
  static final int FILLING = 1;
  static final int QUEUED = 2;
  static final int DONE = 3;
  static final int ABANDONED = 4;

  /** What the message is, for who completes it. */
  static final int KIND_WRITE = 0;

  static final int KIND_REPLY = 1;
  static final int KIND_REQUEST = 2;
  static final int KIND_REST = 3;

  final int index;
  final ByteBuffer slot;
  private final SlotOutput out;
  private final MessagePacker packer;
  private final ByteBuffer window;

  /** Guarded by this: the life cycle state, and the send result a flushing thread waits for. */
  int state = FREE;

  int result;
  boolean waiter;
  int kind;
  StreamClient target;
  String stream;
  int requestId;

  /** Bytes of a write's envelope ({@code [3, 0, name,}) before its value. */
  int envelopeBytes;

  long acquiredNanos;
  String acquiredBy;

  /** Next in a {@link ClientSlot}'s wait list; service thread only. */
  StreamContext nextWaiting;

  /** The application-thread job that answers a request with this context. */
  final StreamJob job;

  /** The service-thread task that sends this context. */
  final Runnable sender;

  StreamContext(int index, ByteBuffer slot, StreamsCore owner, Delivery delivery) {
    this.index = index;
    this.slot = slot;
    this.out = new SlotOutput(slot, WebSocketConnection.HEADROOM);
    // The flush threshold is the buffer size, so payloads are copied into the buffer once rather
    // than handed to the output in a second write.
    this.packer =
        new MessagePack.PackerConfig()
            .withBufferSize(Math.max(16, slot.capacity()))
            .withBufferFlushThreshold(slot.capacity())
            .newPacker(out);
    this.window = slot.duplicate();
    this.job = new StreamJob(this, owner);
    this.sender = () -> delivery.sendNow(this);
  }

  /** The packer to write the message's value with. */
  public MessagePacker packer() {
    checkFilling();
    return packer;
  }

  /**
   * Packs a msgpack {@code bin} header of {@code length} bytes and returns a window of exactly that
   * many bytes inside the message buffer, to be filled by the caller (a camera read, a file channel
   * read) with no copy in between (seed 000's {@code gos_hs_stream_write_direct}). The window is
   * valid until the context is flushed or aborted. It is a view of the whole message buffer whose
   * position is the bin's first byte and whose limit its end (no slice is made, so nothing is
   * allocated): fill it with relative puts or a channel read, not with absolute indexes.
   *
   * @throws IOException when the bytes do not fit the stream message
   */
  public ByteBuffer binDirect(int length) throws IOException {
    checkFilling();
    if (length < 0) {
      throw new IllegalArgumentException("bin length " + length + " must be >= 0");
    }
    packer.packBinaryHeader(length);
    packer.flush();
    int start = out.writeIndex();
    out.skip(length);
    return window.limit(start + length).position(start);
  }

  /**
   * Packs {@code bytes} (position to limit, consumed) as one msgpack {@code bin}, copied once, into
   * the message buffer.
   *
   * @throws IOException when the bytes do not fit the stream message
   */
  public StreamContext writeBin(ByteBuffer bytes) throws IOException {
    binDirect(bytes.remaining()).put(bytes);
    return this;
  }

  /** Message bytes packed so far, envelope included. */
  public int size() {
    commit();
    return out.size();
  }

  /** Bytes still free in the message buffer. */
  public int remaining() {
    commit();
    return out.remaining();
  }

  /** The stream this context writes. */
  public String stream() {
    return stream;
  }

  // ---- service internals

  /**
   * Starts a new message of {@code kind}; called with the buffer just taken from the pool at {@code
   * nowNanos} (the pool's clock), when its write lease starts.
   */
  void begin(int kind, StreamClient target, String stream, int requestId, long nowNanos) {
    this.kind = kind;
    this.target = target;
    this.stream = stream;
    this.requestId = requestId;
    this.result = 0;
    this.acquiredNanos = nowNanos;
    this.acquiredBy = Thread.currentThread().getName();
    this.nextWaiting = null;
    commit(); // a message aborted mid-pack leaves bytes in the packer: drop them with the rest
    out.rewind();
  }

  /** The packer without the state check, for the service's own envelopes. */
  MessagePacker rawPacker() {
    return packer;
  }

  /** Moves what the packer holds into the buffer. */
  void commit() {
    try {
      packer.flush(); // our output never throws on flush
    } catch (IOException e) {
      throw new IllegalStateException("stream message output failed", e);
    }
  }

  /** Drops what was packed after {@code size} bytes (a handler's partial answer). */
  void truncate() {
    commit();
    out.rewind();
  }

  /** The message as a buffer from the first byte to the last, with headroom before it. */
  ByteBuffer message() {
    commit();
    return slot.limit(WebSocketConnection.HEADROOM + out.size())
        .position(WebSocketConnection.HEADROOM);
  }

  /** The packed bytes copied out (REST answers). */
  byte[] copyBytes() {
    ByteBuffer m = message();
    byte[] bytes = new byte[m.remaining()];
    m.get(bytes);
    return bytes;
  }

  private void checkFilling() {
    int s;
    synchronized (this) {
      s = state;
    }
    if (s != FILLING) {
      throw new IllegalStateException(
          "stream context "
              + index
              + " is "
              + (s == FREE ? "free (flushed, aborted or reclaimed as leaked)" : "being sent")
              + ": take a new one with Streams.write");
    }
  }

  /**
   * Waits on this context's monitor, which the caller holds, until the deadline passes or the state
   * moves on: until it is {@link #DONE} when {@code untilDone}, else until it is no longer {@code
   * waitingState}. An interrupt ends the wait and stays set on the thread.
   *
   * @return whether the context is {@link #DONE}
   */
  boolean awaitWhile(int waitingState, boolean untilDone, long deadlineNanos) {
    while (untilDone ? state != DONE : state == waitingState) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        wait(Math.max(1, left / 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return state == DONE;
  }
}
