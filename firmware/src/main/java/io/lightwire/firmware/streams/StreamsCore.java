package io.lightwire.firmware.streams;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.WebSocketConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the parts of {@link Streams} share: the stream messages pool, delivery to pages, the device
 * streams, the requests waiting for pages, the connection slots, the handlers and the counters.
 * {@link Streams} is the public face over it; the socket side ({@link StreamsSocket}), the REST
 * binding ({@link RestBinding}), the slot events and the handler jobs reach each other through it.
 * Threads as {@link Streams} documents.
 */
final class StreamsCore {

  /** Fewest answers a page may have in flight, whatever the pool's size. */
  private static final int MIN_ANSWERS_PER_PAGE = 4;

  final ContextPool contexts;
  final Delivery delivery;
  final StreamRegistry registry = new StreamRegistry();
  final PendingRequests pending;
  final PageRequests requests;
  final List<ClientSlot> slots = new CopyOnWriteArrayList<>();
  final long restTimeoutMillis;
  final int maxMessageBytes;
  final int answersPerPage;
  final Protocol protocol;
  final AtomicLong clientIds = new AtomicLong();
  final AtomicLong eventsRefused = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong lateRestAnswers = new AtomicLong();
  volatile ApplicationThread app;

  volatile StreamTap tap;
  final StreamAcceptor sameOrigin;
  volatile StreamAcceptor acceptor;
  volatile Consumer<StreamClient> onConnect = client -> {};
  volatile Consumer<StreamClient> onDisconnect = client -> {};

  StreamsCore(
      BufferPool messages,
      long writeLeaseMillis,
      long restTimeoutMillis,
      SameOrigin origins,
      int queueDepth,
      LongSupplier nanoClock) {
    this.sameOrigin = origins::allows;
    this.acceptor = sameOrigin;
    if (messages.itemBytes() < 64) {
      throw new IllegalArgumentException(
          "stream messages of " + messages.itemBytes() + " bytes are too small (at least 64)");
    }
    this.restTimeoutMillis = restTimeoutMillis;
    this.maxMessageBytes = messages.itemBytes() - WebSocketConnection.HEADROOM;
    // A quarter of the pool per page: a page flooding requests gets "busy", the device keeps
    // buffers for its own writes and for other pages.
    this.answersPerPage = Math.max(MIN_ANSWERS_PER_PAGE, messages.capacity() / 4);
    this.pending = new PendingRequests(messages.capacity());
    this.delivery = new Delivery(pending);
    this.contexts =
        new ContextPool(messages, writeLeaseMillis * 1_000_000L, nanoClock, this, delivery);
    this.requests = new PageRequests(pending, contexts, delivery);
    this.protocol =
        new Protocol(
            Streams.SUBPROTOCOL,
            Streams.PATH,
            new StreamsSocket(this, maxMessageBytes),
            QueuePolicy.REFUSE,
            queueDepth,
            () -> {
              ClientSlot slot = new ClientSlot(new SlotEvents(this));
              slots.add(slot);
              return slot;
            });
    delivery.bind(contexts, protocol);
  }

  Registration registration(String name) {
    return registry.get(name);
  }

  Map<String, Registration> registry() {
    return registry.all();
  }

  boolean accepts(io.lightwire.websock.server.HttpRequest request) {
    return acceptor.accept(request);
  }

  /**
   * True while the application thread is blocked in {@link #list} or {@link #read}: a REST request
   * then answers {@code busy} at once rather than hold the service thread, which must stay free to
   * deliver the very answer the application thread waits for.
   */
  boolean applicationWaitsForAPage() {
    return requests.appIsWaiting();
  }

  long restTimeoutMillis() {
    return restTimeoutMillis;
  }

  int maxMessageBytes() {
    return maxMessageBytes;
  }

  ApplicationThread app() {
    return app;
  }

  void markServiceThread() {
    delivery.markServiceThread();
  }

  StreamContext acquire(int kind, StreamClient target, String stream, int requestId) {
    return contexts.acquire(kind, target, stream, requestId);
  }

  void release(StreamContext c) {
    contexts.release(c);
  }

  /** A context for an answer to {@code client}, within its share of the pool; or null. */
  StreamContext acquireAnswer(StreamClient client, String stream, int id) {
    return contexts.acquireAnswer(client, stream, id, answersPerPage);
  }

  Delivery delivery() {
    return delivery;
  }

  /** A handler finished on the application thread. */
  void jobDone(StreamContext c) {
    if (c.kind == StreamContext.KIND_REST) {
      RestBinding.answer(this, c); // completes the deferred HTTP response, frees the context
    } else if (c.requestId == 0) {
      contexts.release(c); // a write that wanted no answer
    } else {
      delivery.queue(c);
    }
    contexts.maybeSweep();
  }

  /** Posts {@code event} to the application thread; false (counted) when its queue is full. */
  boolean post(Runnable event) {
    ApplicationThread thread = app;
    if (thread != null && thread.post(event)) {
      return true;
    }
    eventsRefused.incrementAndGet();
    return false;
  }

  StreamClient opened(ClientSlot slot, WebSocketConnection connection) {
    StreamClient client = slot.open(connection, clientIds.incrementAndGet());
    slot.events.connected(client);
    return client;
  }

  void closedClient(ClientSlot slot) {
    StreamClient client = slot.current();
    delivery.dropWaiting(slot);
    slot.closed();
    if (client == null) {
      return;
    }
    pending.failClient(
        client, StreamResult.of(StreamResult.Status.CLOSED, client + " disconnected"));
    slot.events.disconnected(client);
  }

  Consumer<StreamClient> connectHandler() {
    return onConnect;
  }

  Consumer<StreamClient> disconnectHandler() {
    return onDisconnect;
  }

  /** A connect or disconnect event found the application thread stopped. */
  void countRefusedEvent() {
    eventsRefused.incrementAndGet();
  }

  boolean answered(int id, StreamClient from, StreamResult result) {
    return requests.answered(id, from, result);
  }

  void countLateRestAnswer() {
    lateRestAnswers.incrementAndGet();
  }

  void countMalformed() {
    malformed.incrementAndGet();
  }
}
