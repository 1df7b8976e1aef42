package io.lightwire.firmware.streams;

import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.WebSocketConnection;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Gets stream messages to pages: hands contexts to the service thread, sends them there (in order
 * per page, waiting in the page's list while its transmit queue is full), broadcasts write-all
 * messages, and ends each send so that exactly one party gives the context back: the flushing
 * thread when it is still waiting for the result, else the service thread.
 */
final class Delivery {

  /** Result of {@link #sendNow} when the message waits for the page to drain. */
  static final int WAITING = Integer.MIN_VALUE;

  /** Pause between broadcast attempts while every broadcast buffer is in flight. */
  private static final long BROADCAST_RETRY_NANOS = 200_000;

  private final PendingRequests pending;
  private final WriteAllCounts writeAll = new WriteAllCounts();
  private List<ClientSlot> slots = List.of();
  private Protocol protocol;
  private ContextPool contexts;
  private volatile Server server;
  private volatile Thread serviceThread;

  Delivery(PendingRequests pending) {
    this.pending = pending;
  }

  void bind(ContextPool pool, Protocol served) {
    this.contexts = pool;
    this.protocol = served;
  }

  void start(Server running, List<ClientSlot> pages) {
    this.slots = pages;
    this.server = running;
    running.execute(this::markServiceThread);
  }

  void markServiceThread() {
    serviceThread = Thread.currentThread();
  }

  boolean onServiceThread() {
    return Thread.currentThread() == serviceThread;
  }

  Server server() {
    return server;
  }

  /**
   * Sends a write context (its state already {@code QUEUED}) and waits up to {@code timeoutMillis}
   * for the page or pages to take it; the context is back in the pool when this returns.
   */
  int flush(StreamContext c, long timeoutMillis) {
    if (c.target == Streams.ALL) {
      return broadcast(c, timeoutMillis);
    }
    if (onServiceThread()) {
      c.waiter = false;
      int result = sendNow(c);
      return result == WAITING ? c.message().remaining() : result;
    }
    c.waiter = true;
    if (!server.execute(c.sender)) {
      contexts.release(c);
      return Streams.BACK_PRESSURED;
    }
    long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
    int result;
    synchronized (c) {
      if (!c.awaitWhile(StreamContext.QUEUED, false, deadline)) {
        // The service thread still has it: it drops the message and frees the context.
        c.state = StreamContext.ABANDONED;
        return Streams.TIMEOUT;
      }
      result = c.result;
    }
    contexts.release(c);
    return result;
  }

  /**
   * A write to all pages: sent on the service thread ({@link #broadcastNow}), retried while every
   * broadcast buffer is in flight, until the deadline. The context is free when this returns.
   */
  private int broadcast(StreamContext c, long timeoutMillis) {
    long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
    if (onServiceThread()) {
      int result = broadcastNow(c);
      contexts.release(c);
      return result;
    }
    int result;
    while (true) {
      synchronized (c) {
        c.state = StreamContext.QUEUED;
        c.waiter = true;
      }
      if (!server.execute(c.sender)) {
        result = Streams.BACK_PRESSURED; // the service thread's task ring is full
      } else {
        synchronized (c) {
          if (!c.awaitWhile(StreamContext.QUEUED, false, deadline)) {
            // The service thread still has it: it drops the message and frees the context.
            c.state = StreamContext.ABANDONED;
            return Streams.TIMEOUT;
          }
          result = c.result;
        }
      }
      if (result != Streams.BACK_PRESSURED || System.nanoTime() >= deadline) {
        break;
      }
      // Every broadcast buffer is in flight; they free as slow pages drain. A short pause, bounded.
      LockSupport.parkNanos(BROADCAST_RETRY_NANOS);
    }
    contexts.release(c);
    if (result == Streams.BACK_PRESSURED && timeoutMillis > 0) {
      return Streams.TIMEOUT;
    }
    return result;
  }

  /**
   * Service thread: encodes {@code c} once and queues it for every page; returns how many pages
   * queued it (a page whose transmit queue is full is skipped and counted for the stream), or
   * {@link Streams#BACK_PRESSURED} when every broadcast buffer is in flight, or {@link
   * Streams#TOO_BIG}. On the service thread the server dispatches at once, so each page's refusal
   * counter tells whether it took the message.
   */
  private int broadcastNow(StreamContext c) {
    int n = slots.size();
    for (int i = 0; i < n; i++) {
      ClientSlot slot = slots.get(i);
      if (slot.connection != null) {
        slot.refusedBefore = slot.connection.messagesRefused();
      }
    }
    int result = server.broadcast(protocol, false, c.message());
    if (result < 0) {
      return result;
    }
    int pages = 0;
    int skipped = 0;
    for (int i = 0; i < n; i++) {
      ClientSlot slot = slots.get(i);
      WebSocketConnection connection = slot.connection;
      if (connection == null || !connection.isOpen()) {
        continue;
      }
      if (connection.messagesRefused() != slot.refusedBefore) {
        skipped++;
      } else {
        pages++;
      }
    }
    writeAll.count(c.stream, pages, skipped);
    return pages;
  }

  WriteAllCounts writeAllCounts() {
    return writeAll;
  }

  /** Hands a request or answer to the service thread, which sends it and frees it. */
  void queue(StreamContext c) {
    synchronized (c) {
      c.state = StreamContext.QUEUED;
      c.waiter = false;
    }
    c.commit();
    if (!server.execute(c.sender)) {
      complete(c, Streams.BACK_PRESSURED);
    }
  }

  /** Sends {@code c} to its page now; service thread. Returns the result, or {@link #WAITING}. */
  int sendNow(StreamContext c) {
    synchronized (c) {
      if (c.state == StreamContext.ABANDONED) {
        releaseAbandoned(c);
        return Streams.TIMEOUT;
      }
    }
    StreamClient target = c.target;
    if (target == Streams.ALL) {
      return complete(c, broadcastNow(c));
    }
    if (target == null || !target.isConnected()) {
      return complete(c, Streams.CLOSED);
    }
    ClientSlot slot = target.slot;
    if (slot.waitingHead != null) {
      slot.enqueue(c); // keep the page's messages in order behind those already waiting
      return WAITING;
    }
    int result = slot.connection.send(false, c.message());
    if (result == WebSocketConnection.BACK_PRESSURED) {
      slot.enqueue(c);
      slot.connection.requestWritable();
      return WAITING;
    }
    return complete(c, result);
  }

  /** The page drained: sends what waits for it, in order; service thread. */
  void drain(ClientSlot slot) {
    StreamContext c;
    while ((c = slot.waitingHead) != null) {
      synchronized (c) {
        if (c.state == StreamContext.ABANDONED) {
          slot.dequeue();
          releaseAbandoned(c);
          continue;
        }
      }
      int result = slot.connection.send(false, c.message());
      if (result == WebSocketConnection.BACK_PRESSURED) {
        slot.connection.requestWritable();
        return;
      }
      slot.dequeue();
      complete(c, result);
    }
  }

  /** The page left: what waits for it fails with {@code CLOSED}; service thread. */
  void dropWaiting(ClientSlot slot) {
    StreamContext c;
    while ((c = slot.dequeue()) != null) {
      complete(c, Streams.CLOSED);
    }
  }

  private void releaseAbandoned(StreamContext c) {
    synchronized (c) {
      c.state = StreamContext.DONE; // so the release below frees it exactly once
    }
    contexts.release(c);
  }

  /** Ends a send: wakes the flushing thread, or frees the context; returns {@code result}. */
  int complete(StreamContext c, int result) {
    if (c.kind == StreamContext.KIND_REQUEST && result < 0) {
      pending.complete(
          c.requestId,
          c.target,
          StreamResult.of(
              result == Streams.CLOSED ? StreamResult.Status.CLOSED : StreamResult.Status.BUSY,
              "the request could not be sent (" + result + ")"));
    }
    synchronized (c) {
      if (c.waiter && c.state == StreamContext.QUEUED) {
        c.result = result;
        c.state = StreamContext.DONE;
        c.notifyAll();
        return result;
      }
    }
    contexts.release(c);
    return result;
  }
}
