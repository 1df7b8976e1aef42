package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.HttpStreamHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.WebSocketConnection;
import java.nio.ByteBuffer;

/**
 * Broadcast: a message is encoded once into a pooled buffer (a {@link SharedMessage}) and queued by
 * reference on every open connection of its protocol that the filter accepts; the buffer goes back
 * to its pool when the last connection has written it. A broadcast from another thread is handed to
 * the service thread through a bounded {@link Handoff}.
 *
 * <p>{@link #broadcast} may be called from any thread; the rest runs on the service thread. A
 * {@link SharedMessage} is allocated once per pool buffer, then reused.
 */
final class Broadcaster {

  private final ServiceLoop loop;
  private final BufferPool pool;
  private final SharedMessage[] messages;
  private final Handoff<SharedMessage> handoff;
  private final int maxFrame;
  private final Connection[] slots;
  private final Counters counters;
  private final CallbackGuard guard;

  Broadcaster(
      ServiceLoop loop,
      BufferPool pool,
      int maxFrame,
      SlotTable slots,
      Counters counters,
      CallbackGuard guard) {
    this.loop = loop;
    this.pool = pool;
    this.messages = new SharedMessage[pool.capacity()];
    this.handoff = new Handoff<>(pool.capacity());
    this.maxFrame = maxFrame;
    this.slots = slots.all();
    this.counters = counters;
    this.guard = guard;
  }

  /**
   * Encodes {@code payload} once (fragments of at most the message limit) and queues it for every
   * open connection of {@code protocol} that {@code filter} accepts (all when null). Any thread.
   *
   * @return payload bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast
   *     buffer is in flight, or {@link WebSocketConnection#TOO_BIG}
   */
  int broadcast(Protocol protocol, boolean text, ByteBuffer payload, BroadcastFilter filter) {
    int length = payload.remaining();
    ByteBuffer buffer = pool.acquire();
    if (buffer == null) {
      counters.countBroadcastSkipped();
      return WebSocketConnection.BACK_PRESSURED;
    }
    int encoded = SharedMessage.encode(buffer, text, payload, maxFrame);
    if (encoded < 0) {
      pool.release(buffer);
      return WebSocketConnection.TOO_BIG;
    }
    SharedMessage message = message(buffer);
    message.prepare(encoded, protocol, filter);
    return hand(message, length);
  }

  /**
   * Copies {@code parts} once into a broadcast buffer and queues it for every stream of {@code
   * streams} that accepts it. Any thread.
   *
   * @return bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast buffer
   *     is in flight, or {@link WebSocketConnection#TOO_BIG}
   */
  int publish(HttpStreamHandler streams, ByteBuffer[] parts) {
    ByteBuffer buffer = pool.acquire();
    if (buffer == null) {
      counters.countBroadcastSkipped();
      return WebSocketConnection.BACK_PRESSURED;
    }
    int copied = SharedMessage.copy(buffer, parts);
    if (copied < 0) {
      pool.release(buffer);
      return WebSocketConnection.TOO_BIG;
    }
    SharedMessage message = message(buffer);
    message.prepare(copied, null, null);
    message.streams = streams;
    return hand(message, copied);
  }

  /** The reusable message of a pool buffer (made once per buffer). */
  private SharedMessage message(ByteBuffer buffer) {
    int index = pool.indexOf(buffer);
    SharedMessage message = messages[index];
    if (message == null || message.bytes != buffer) {
      message = new SharedMessage(buffer, index, pool); // once per pool buffer
      messages[index] = message;
    }
    return message;
  }

  /** Dispatches {@code message} now on the service thread, else hands it over; returns as sends. */
  private int hand(SharedMessage message, int length) {
    ByteBuffer buffer = message.bytes;
    if (loop.onServiceThread()) {
      dispatch(message);
    } else if (!handoff.offer(message)) {
      pool.release(buffer);
      counters.countBroadcastSkipped();
      return WebSocketConnection.BACK_PRESSURED;
    } else {
      loop.wakeup();
    }
    return length;
  }

  /** Dispatches what other threads handed over; returns how many messages. */
  int drain() {
    int n = 0;
    SharedMessage message;
    while ((message = handoff.poll()) != null) {
      n++;
      dispatch(message);
    }
    return n;
  }

  /** The server stops: messages not dispatched yet go back to the pool. */
  void discardPending() {
    SharedMessage pending;
    while ((pending = handoff.poll()) != null) {
      pending.releaseIfUnused();
    }
  }

  private void dispatch(SharedMessage message) {
    if (message.streams != null) {
      for (Connection c : slots) {
        if (c.isBound() && !c.webSocket && c.stream.wants(message.streams)) {
          c.stream.offer(message);
          loop.updateInterest(c);
        }
      }
      message.releaseIfUnused();
      return;
    }
    for (Connection c : slots) {
      if (c.isBound()
          && c.webSocket
          && c.ws.protocol == message.protocol
          && accepts(message.filter, c)) {
        c.ws.offer(message);
        loop.updateInterest(c);
      }
    }
    message.releaseIfUnused();
  }

  private boolean accepts(BroadcastFilter filter, Connection c) {
    if (filter == null) {
      return true;
    }
    try {
      return filter.accept(c.ws.handle());
    } catch (RuntimeException e) {
      guard.failed("broadcast filter failed; connection skipped", e);
      return false;
    }
  }
}
