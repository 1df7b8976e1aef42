package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A connection's outgoing messages in order. An entry is either a run of bytes copied into the
 * slot's transmit buffer (what a direct send could not write at once) or a reference to a shared
 * broadcast message. Control frames (pong, close) wait in their own small buffer and go out before
 * the next entry that has not started, never inside a frame.
 *
 * <p>Unit of work: {@link #write} writes as much as the socket takes and returns true when
 * everything queued is out. Service thread only; nothing is allocated after construction.
 */
final class TransmitQueue {

  private final SharedMessage[] shared;
  private final int[] txBytes;
  private final int capacity;
  private int head;
  private int size;

  /** Bytes of the head entry already written. */
  private int headWritten;

  TransmitQueue(int capacity) {
    this.capacity = capacity;
    this.shared = new SharedMessage[capacity];
    this.txBytes = new int[capacity];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Queues {@code bytes} already appended to the transmit buffer; false when the ring is full. */
  boolean addCopied(int bytes, int limit) {
    if (size >= Math.min(limit, capacity)) {
      return false;
    }
    int at = (head + size) % capacity;
    shared[at] = null;
    txBytes[at] = bytes;
    size++;
    return true;
  }

  /** Queues a reference to {@code message}; false when the ring is full. */
  boolean addShared(SharedMessage message, int limit) {
    if (size >= Math.min(limit, capacity)) {
      return false;
    }
    int at = (head + size) % capacity;
    shared[at] = message;
    txBytes[at] = 0;
    message.retain();
    size++;
    return true;
  }

  /**
   * Drops the oldest shared message that has not started going out (keep-newest). Copied runs are
   * never dropped: the caller was told they were sent.
   *
   * @return true when one was dropped
   */
  boolean dropOldestUnstartedShared() {
    for (int k = 0; k < size; k++) {
      int at = (head + k) % capacity;
      if (shared[at] == null || (k == 0 && headWritten > 0)) {
        continue;
      }
      shared[at].release();
      // Close the gap: move the later entries one place towards the head.
      for (int j = k; j < size - 1; j++) {
        int from = (head + j + 1) % capacity;
        int to = (head + j) % capacity;
        shared[to] = shared[from];
        txBytes[to] = txBytes[from];
      }
      int last = (head + size - 1) % capacity;
      shared[last] = null;
      txBytes[last] = 0;
      size--;
      return true;
    }
    return false;
  }

  /**
   * Writes control frames and queued entries until the socket is full or all is out.
   *
   * @param tx the slot's transmit buffer in write mode: copied runs start at index 0, in order
   * @param control pending control frames in write mode
   * @return true when nothing is left to write
   */
  boolean write(GatheringByteChannel channel, ByteBuffer tx, ByteBuffer control)
      throws IOException {
    while (true) {
      if (control.position() > 0 && headWritten == 0) {
        control.flip();
        channel.write(control);
        control.compact();
        if (control.position() > 0) {
          return false;
        }
      }
      if (size == 0) {
        return true;
      }
      SharedMessage message = shared[head];
      if (message == null) {
        if (!writeCopiedRun(channel, tx)) {
          return false;
        }
      } else {
        ByteBuffer bytes = message.bytes;
        bytes.limit(message.length).position(headWritten);
        headWritten += channel.write(bytes);
        if (headWritten < message.length) {
          return false;
        }
        message.release();
        shared[head] = null;
      }
      head = (head + 1) % capacity;
      size--;
      headWritten = 0;
    }
  }

  /**
   * Writes the head run, which occupies {@code tx[0, length)}; the transmit buffer's position is
   * the end of all copied runs and is the same again on return. Returns true when the run is out.
   */
  private boolean writeCopiedRun(GatheringByteChannel channel, ByteBuffer tx) throws IOException {
    int total = tx.position();
    int length = txBytes[head];
    tx.limit(length).position(headWritten);
    headWritten += channel.write(tx);
    if (headWritten < length) {
      tx.limit(tx.capacity()).position(total);
      return false;
    }
    tx.limit(total).position(length);
    tx.compact(); // the next run moves to index 0; position becomes total - length
    return true;
  }

  /** Releases every shared reference and forgets everything (connection closed). */
  void clear() {
    for (int k = 0; k < size; k++) {
      int at = (head + k) % capacity;
      if (shared[at] != null) {
        shared[at].release();
        shared[at] = null;
      }
      txBytes[at] = 0;
    }
    head = 0;
    size = 0;
    headWritten = 0;
  }
}
