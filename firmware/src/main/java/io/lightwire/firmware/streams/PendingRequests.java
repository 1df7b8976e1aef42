package io.lightwire.firmware.streams;

/**
 * The device's requests waiting for a page's answer ({@link Streams#list}, {@link Streams#read}): a
 * fixed table, so the number of outstanding requests is bounded like every other resource. The
 * asking thread waits on it; the service thread completes entries as answers arrive or pages leave.
 */
final class PendingRequests {

  private final int[] ids;
  private final StreamClient[] clients;
  private final StreamResult[] results;
  private final boolean[] used;
  private int inUse;

  PendingRequests(int capacity) {
    ids = new int[capacity];
    clients = new StreamClient[capacity];
    results = new StreamResult[capacity];
    used = new boolean[capacity];
  }

  /** Takes an entry for request {@code id} to {@code client}; -1 when the table is full. */
  synchronized int open(StreamClient client, int id) {
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        used[i] = true;
        ids[i] = id;
        clients[i] = client;
        results[i] = null;
        inUse++;
        return i;
      }
    }
    return -1;
  }

  /** Completes the entry of request {@code id} from {@code from}; false when none waits for it. */
  synchronized boolean complete(int id, StreamClient from, StreamResult result) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && ids[i] == id && clients[i] == from && results[i] == null) {
        results[i] = result;
        notifyAll();
        return true;
      }
    }
    return false;
  }

  /** Completes every entry waiting on {@code client} (it left). */
  synchronized void failClient(StreamClient client, StreamResult result) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && clients[i] == client && results[i] == null) {
        results[i] = result;
      }
    }
    notifyAll();
  }

  /** Completes every entry (shutdown). */
  synchronized void failAll(StreamResult result) {
    for (int i = 0; i < used.length; i++) {
      if (used[i] && results[i] == null) {
        results[i] = result;
      }
    }
    notifyAll();
  }

  /**
   * Waits up to {@code timeoutMillis} for entry {@code index}, frees it and returns its result, or
   * a {@code TIMEOUT} result.
   */
  synchronized StreamResult await(int index, long timeoutMillis) {
    long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
    boolean interrupted = false;
    try {
      while (results[index] == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      StreamResult result = results[index];
      free(index);
      if (result != null) {
        return result;
      }
      return interrupted
          ? StreamResult.of(StreamResult.Status.CLOSED, "interrupted while waiting")
          : StreamResult.of(
              StreamResult.Status.TIMEOUT, "no answer within " + timeoutMillis + " ms");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Frees entry {@code index} without waiting. */
  synchronized void cancel(int index) {
    free(index);
  }

  private void free(int index) {
    if (used[index]) {
      used[index] = false;
      clients[index] = null;
      results[index] = null;
      inUse--;
    }
  }

  /** Entries taken. */
  synchronized int inUse() {
    return inUse;
  }
}
