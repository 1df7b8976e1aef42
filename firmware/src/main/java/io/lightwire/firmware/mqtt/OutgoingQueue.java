package io.lightwire.firmware.mqtt;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import java.nio.ByteBuffer;

/**
 * The bridge's outgoing queue: a fixed ring over the memory plan's {@code mqtt messages} pool, in
 * the order messages were offered. Any thread offers (a copy into one pooled buffer, nothing
 * allocated); the MQTT thread takes the oldest, hands it to the client and removes it once the
 * client has accepted it. A message waits here while the broker is away, so what was accepted is
 * published after the reconnect. A full queue refuses and counts; it never blocks the offering
 * thread (the application thread, a stream writer).
 */
final class OutgoingQueue {

  /** How a queued payload is published. */
  static final byte RAW = 0;

  /** A msgpack value, published as its JSON text. */
  static final byte MSGPACK_AS_JSON = 1;

  private final BufferPool buffers;
  private final String[] topics;
  private final ByteBuffer[] payloads;
  private final byte[] formats;
  private final boolean[] retained;
  private int head;
  private int size;
  private long refused;
  private long tooBig;

  /** A queue over {@code buffers}: one entry per buffer. */
  OutgoingQueue(BufferPool buffers) {
    this.buffers = buffers;
    int capacity = buffers.capacity();
    this.topics = new String[capacity];
    this.payloads = new ByteBuffer[capacity];
    this.formats = new byte[capacity];
    this.retained = new boolean[capacity];
  }

  /**
   * Copies {@code payload} (position to limit, left unchanged) into the queue.
   *
   * @return true when queued; false when the queue is full or the payload is larger than a buffer
   *     (both counted)
   */
  synchronized boolean offer(String topic, ByteBuffer payload, byte format, boolean retain) {
    if (payload.remaining() > buffers.itemBytes()) {
      tooBig++;
      return false;
    }
    ByteBuffer buffer = size == topics.length ? null : buffers.acquire();
    if (buffer == null) {
      refused++;
      return false;
    }
    int length = payload.remaining();
    buffer.clear().put(0, payload, payload.position(), length).limit(length); // absolute: no view
    int tail = (head + size) % topics.length;
    topics[tail] = topic;
    payloads[tail] = buffer;
    formats[tail] = format;
    retained[tail] = retain;
    size++;
    return true;
  }

  /** True when nothing waits. */
  synchronized boolean isEmpty() {
    return size == 0;
  }

  /** The oldest message's topic; only when not empty. */
  synchronized String topic() {
    return topics[head];
  }

  /** The oldest message's bytes as a new array (the client keeps it until delivered). */
  synchronized byte[] copyPayload() {
    ByteBuffer b = payloads[head].duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The oldest message's format: {@link #RAW} or {@link #MSGPACK_AS_JSON}. */
  synchronized byte format() {
    return formats[head];
  }

  /** Whether the oldest message is published retained. */
  synchronized boolean retained() {
    return retained[head];
  }

  /** Drops the oldest message and gives its buffer back. */
  synchronized void remove() {
    buffers.release(payloads[head]);
    topics[head] = null;
    payloads[head] = null;
    head = (head + 1) % topics.length;
    size--;
  }

  /** Drops everything (the bridge stops); every buffer goes back. */
  synchronized void clear() {
    while (size > 0) {
      remove();
    }
  }

  /** The pool behind the queue, for the status and the memory plan's checks. */
  Pool pool() {
    return buffers;
  }

  /** Messages refused because the queue was full. */
  synchronized long refused() {
    return refused;
  }

  /** Messages refused because they were larger than {@code mqtt.message-bytes}. */
  synchronized long tooBig() {
    return tooBig;
  }
}
