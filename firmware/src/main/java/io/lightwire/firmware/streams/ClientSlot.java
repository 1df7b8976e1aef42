package io.lightwire.firmware.streams;

import io.lightwire.websock.server.WebSocketConnection;

/**
 * The streams' state of one server connection slot, made once per slot when the server starts.
 * Written on the service thread; {@link #isCurrent} is read from any thread.
 */
final class ClientSlot {

  /**
   * Answers this slot's pages have waiting (taken on the service thread, given back on any thread),
   * so one page cannot take every stream message with requests.
   */
  final java.util.concurrent.atomic.AtomicInteger answersInFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  /** This slot's connect and disconnect events for the application thread. */
  final SlotEvents events;

  /** {@link WebSocketConnection#messagesRefused()} before a write to all pages; service thread. */
  long refusedBefore;

  private volatile StreamClient current;
  private int generation;
  WebSocketConnection connection;

  /** Contexts waiting for the connection to drain (BACK_PRESSURED), oldest first. */
  StreamContext waitingHead;

  StreamContext waitingTail;

  ClientSlot(SlotEvents events) {
    this.events = events;
  }

  StreamClient open(WebSocketConnection connection, long id) {
    this.connection = connection;
    StreamClient client = new StreamClient(this, ++generation, id, connection.remoteAddress());
    current = client;
    return client;
  }

  /** The page on this slot now, or null. */
  StreamClient current() {
    return current;
  }

  void closed() {
    current = null;
    connection = null;
  }

  boolean isCurrent(StreamClient client) {
    StreamClient now = current;
    return now != null && now == client;
  }

  void enqueue(StreamContext context) {
    context.nextWaiting = null;
    if (waitingTail == null) {
      waitingHead = context;
    } else {
      waitingTail.nextWaiting = context;
    }
    waitingTail = context;
  }

  StreamContext dequeue() {
    StreamContext head = waitingHead;
    if (head != null) {
      waitingHead = head.nextWaiting;
      if (waitingHead == null) {
        waitingTail = null;
      }
      head.nextWaiting = null;
    }
    return head;
  }
}
