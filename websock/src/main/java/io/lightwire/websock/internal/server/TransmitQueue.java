package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * A connection's outgoing messages in order. An entry is either a run of bytes copied into the
 * slot's transmit buffer (what a direct send could not write at once) or a reference to a shared
 * broadcast message. Control frames (pong, close) wait in their own small buffer and go out before
 * the next entry that has not started, never inside a frame.
 *
 * <p>Unit of work: {@link #write} writes as much as the socket takes, gathering the control frames,
 * the first copied run and the shared messages around it into one write call, and returns true when
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

  /** Copied runs one gathering write takes at most. */
  static final int RUNS_PER_WRITE = 8;

  /** One gathering write's buffers: the control frames, then up to every entry. */
  private final ByteBuffer[] gather;

  /**
   * Views of the transmit buffer, one per copied run of a gathering write (the runs sit one after
   * another in it). Made on first use for each transmit buffer the slot is given (at most {@value
   * #RUNS_PER_WRITE} small objects per connection, none per message), then reused.
   */
  private final ByteBuffer[] runViews = new ByteBuffer[RUNS_PER_WRITE];

  private ByteBuffer viewsOf;

  TransmitQueue(int capacity) {
    this.capacity = capacity;
    this.shared = new SharedMessage[capacity];
    this.txBytes = new int[capacity];
    this.gather = new ByteBuffer[capacity + 1];
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

  /**
   * Grows the last entry by {@code bytes} just appended to the transmit buffer, when that entry is
   * a copied run (a batch of frames going out together); false when it is not.
   */
  boolean extendTail(int bytes) {
    if (size == 0) {
      return false;
    }
    int tail = (head + size - 1) % capacity;
    if (shared[tail] != null) {
      return false;
    }
    txBytes[tail] += bytes;
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
   * Writes control frames and queued entries until the socket is full or all is out. Each write
   * call gathers the pending control frames (when no entry has started) and the entries in order:
   * shared messages from their own buffers, copied runs from the transmit buffer, where they sit
   * one after another from index 0 (at most {@value #RUNS_PER_WRITE} runs per call).
   *
   * @param tx the slot's transmit buffer in write mode: copied runs start at index 0, in order
   * @param control pending control frames in write mode
   * @return true when nothing is left to write
   */
  boolean write(GatheringByteChannel channel, ByteBuffer tx, ByteBuffer control)
      throws IOException {
    if (viewsOf != tx) {
      Arrays.fill(runViews, null); // another connection's buffer: views are made again
      viewsOf = tx;
    }
    while (true) {
      boolean withControl = control.position() > 0 && headWritten == 0;
      int buffers = 0;
      if (withControl) {
        control.flip();
        gather[buffers++] = control;
      }
      int txEnd = tx.position();
      int entries = 0;
      int runs = 0;
      int runStart = 0;
      for (int k = 0; k < size; k++) {
        int at = (head + k) % capacity;
        int from = k == 0 ? headWritten : 0;
        SharedMessage message = shared[at];
        if (message == null) {
          if (runs == RUNS_PER_WRITE) {
            break;
          }
          ByteBuffer view = runView(runs++, tx);
          view.limit(runStart + txBytes[at]).position(runStart + from);
          runStart += txBytes[at];
          gather[buffers++] = view;
        } else {
          message.bytes.limit(message.length).position(from);
          gather[buffers++] = message.bytes;
        }
        entries++;
      }
      if (buffers == 0) {
        return true;
      }
      channel.write(gather, 0, buffers);
      Arrays.fill(gather, 0, buffers, null); // no stale references to shared messages
      if (withControl) {
        control.compact();
        if (control.position() > 0) {
          return false; // nothing after the control frames was written
        }
      }
      int txDone = 0;
      boolean all = true;
      runs = 0;
      for (int k = 0; k < entries; k++) {
        SharedMessage message = shared[head];
        ByteBuffer written = message == null ? runViews[runs++] : message.bytes;
        if (written.hasRemaining()) {
          headWritten = message == null ? written.position() - txDone : written.position();
          all = false;
          break;
        }
        if (message == null) {
          txDone += txBytes[head];
        } else {
          message.release();
          shared[head] = null;
        }
        head = (head + 1) % capacity;
        size--;
        headWritten = 0;
      }
      if (txDone > 0) {
        tx.limit(txEnd).position(txDone);
        tx.compact(); // the runs left move to index 0; position becomes txEnd - txDone
      }
      if (!all) {
        return false;
      }
    }
  }

  /** The {@code i}th view of {@code tx} for gathering; made once per buffer a slot is given. */
  private ByteBuffer runView(int i, ByteBuffer tx) {
    ByteBuffer view = runViews[i];
    if (view == null) {
      view = tx.duplicate();
      runViews[i] = view;
    }
    return view;
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
