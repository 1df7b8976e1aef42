package io.lightwire.firmware.streams;

import io.lightwire.firmware.streams.internal.Wire;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device's requests to one page ({@link Streams#list}, {@link Streams#read}): a request id, an
 * entry in the waiting table, a stream message with the request, then a bounded wait for the page's
 * answer, which the service thread hands in ({@link #answered}). Also knows whether the application
 * thread is the one waiting, so REST can answer {@code busy} instead of holding the service thread
 * that must deliver that answer. Any thread but the service thread may wait.
 */
final class PageRequests {

  private final PendingRequests pending;
  private final ContextPool contexts;
  private final Delivery delivery;
  private final AtomicInteger requestIds = new AtomicInteger();
  private final AtomicInteger appWaiting = new AtomicInteger();
  private final AtomicLong lateAnswers = new AtomicLong();
  private volatile Thread appThread;

  PageRequests(PendingRequests pending, ContextPool contexts, Delivery delivery) {
    this.pending = pending;
    this.contexts = contexts;
    this.delivery = delivery;
  }

  /** Notes the application thread, so that its waits are known ({@link #appIsWaiting}). */
  void applicationThread(Thread thread) {
    this.appThread = thread;
  }

  /** Sends request {@code op} for {@code stream} to {@code client} and waits for the answer. */
  StreamResult request(StreamClient client, int op, String stream, long timeoutMillis) {
    if (delivery.onServiceThread()) {
      throw new IllegalStateException(
          "list and read wait for the page's answer, which the service thread delivers: call"
              + " them from the application thread or another thread");
    }
    if (!client.isConnected()) {
      return StreamResult.of(StreamResult.Status.CLOSED, client + " is not connected");
    }
    int id = nextRequestId();
    int entry = pending.open(client, id);
    if (entry < 0) {
      return StreamResult.of(StreamResult.Status.BUSY, "every request slot is waiting");
    }
    StreamContext c = contexts.acquire(StreamContext.KIND_REQUEST, client, stream, id);
    if (c == null) {
      pending.cancel(entry);
      return StreamResult.of(StreamResult.Status.BUSY, "no stream message free");
    }
    try {
      Wire.packRequest(c.rawPacker(), op, id, stream);
    } catch (IOException e) {
      contexts.release(c);
      pending.cancel(entry);
      throw new IllegalStateException("a request always fits a stream message", e);
    }
    boolean onApp = Thread.currentThread() == appThread;
    if (onApp) {
      appWaiting.incrementAndGet(); // before the request leaves, so its answer finds it counted
    }
    delivery.queue(c);
    try {
      return pending.await(entry, timeoutMillis);
    } finally {
      if (onApp) {
        appWaiting.decrementAndGet();
      }
    }
  }

  private int nextRequestId() {
    int id;
    do {
      id = requestIds.incrementAndGet() & Integer.MAX_VALUE;
    } while (id == 0);
    return id;
  }

  /** True while the application thread is blocked waiting for a page. */
  boolean appIsWaiting() {
    return appWaiting.get() > 0;
  }

  /** Service thread: hands in a page's answer; false (counted as late) when nobody waits for it. */
  boolean answered(int id, StreamClient from, StreamResult result) {
    if (pending.complete(id, from, result)) {
      return true;
    }
    lateAnswers.incrementAndGet();
    return false;
  }

  /** Answers that came after their request timed out, or answered nothing asked. */
  long lateAnswers() {
    return lateAnswers.get();
  }
}
