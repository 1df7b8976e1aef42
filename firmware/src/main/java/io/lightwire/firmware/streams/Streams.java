package io.lightwire.firmware.streams;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.streams.internal.Wire;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.StaticFiles;
import io.lightwire.websock.server.UpgradeFilter;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.msgpack.value.Value;

/**
 * Named msgpack data streams between the device and web pages (seed 000, Gecko OS HTTP server
 * streams), over the WebSocket subprotocol {@value #SUBPROTOCOL} and a REST binding under {@code
 * /streams/NAME}.
 *
 * <p><b>Device streams.</b> {@link #register} a name with a {@link Permission} and a {@link
 * StreamHandler}; pages and REST clients then read and write it, and the handler runs on the
 * application thread with the request's value and an output context for the answer.
 *
 * <p><b>Page streams.</b> A page registers streams of its own through the JavaScript client ({@code
 * /lightwire/streams.js}). The device {@link #list}s and {@link #read}s them (blocking, with a
 * timeout; a timeout is a distinct result), and {@link #write}s them, or writes a stream to {@link
 * #ALL} pages at once: {@code write} returns an output context from the {@code stream messages}
 * pool, the caller packs one value, then {@link #flush}es or {@link #abortWrite}s it. A context
 * neither flushed nor aborted within {@code streams.write-lease-ms} is reclaimed and reported
 * ({@link #leakedContexts()}), so the pool never runs dry for good.
 *
 * <p><b>Page events.</b> The connect and disconnect handlers see every page that came and went, in
 * order (its connect before its disconnect), even while the application queue is full: each
 * connection slot has one entry of the queue reserved ({@code app reserved events}).
 *
 * <p><b>Write to all pages.</b> {@link #flush} of a write to {@link #ALL} returns how many pages
 * queued the message; a page whose transmit queue is full is skipped, and the skips are counted per
 * stream ({@link #pagesSkipped}, {@code /status}).
 *
 * <p><b>Threads.</b> Every method may be called from any thread except that {@link #list} and
 * {@link #read} wait for a page and must not be called on the server's service thread. Handlers,
 * and the connect and disconnect handlers, run on the application thread.
 */
public final class Streams implements AutoCloseable {

  static final System.Logger LOG = System.getLogger("io.lightwire.firmware.streams");

  /** The WebSocket subprotocol pages ask for. */
  public static final String SUBPROTOCOL = "lightwire.streams.v1";

  /** The class path folder the page's files (and the JavaScript client) are served from. */
  public static final String WEB_ROOT = "lightwire-web";

  /** The WebSocket path that selects the streams when no subprotocol is offered. */
  public static final String PATH = "/streams";

  /** Every connected page, as the target of {@link #write}. */
  public static final StreamClient ALL = new StreamClient(null, 0, 0, null);

  /** {@link #flush}: the page's (or every broadcast buffer's) queue is full; nothing was sent. */
  public static final int BACK_PRESSURED = WebSocketConnection.BACK_PRESSURED;

  /** {@link #flush}: the page is gone; nothing was sent. */
  public static final int CLOSED = WebSocketConnection.CLOSED;

  /** {@link #flush}: the message is larger than the server may send; nothing was sent. */
  public static final int TOO_BIG = WebSocketConnection.TOO_BIG;

  /**
   * {@link #flush}: the message was not handed to the page within the timeout; it is dropped, not
   * sent later (only a send racing the deadline itself can still have gone out).
   */
  public static final int TIMEOUT = -4;

  /** Longest stream name, in characters. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Stream names whose UTF-8 encoding is kept for writes. */
  private static final int NAME_CACHE_SIZE = 256;

  /** Fewest answers a page may have in flight, whatever the pool's size. */
  private static final int MIN_ANSWERS_PER_PAGE = 4;

  /** Messages each page may have waiting in its transmit queue. */
  private static final int QUEUE_DEPTH = 32;

  private final ContextPool contexts;
  private final Delivery delivery;
  private final Map<String, Registration> registry = new ConcurrentHashMap<>();
  private final Map<String, byte[]> encodedNames = new ConcurrentHashMap<>();
  private final PendingRequests pending;
  private final List<ClientSlot> slots = new CopyOnWriteArrayList<>();
  private final long restTimeoutMillis;
  private final int maxMessageBytes;
  private final int answersPerPage;
  private final Protocol protocol;
  private final AtomicLong clientIds = new AtomicLong();
  private final AtomicInteger requestIds = new AtomicInteger();
  private final AtomicLong eventsRefused = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong lateAnswers = new AtomicLong();
  private final AtomicLong lateRestAnswers = new AtomicLong();
  private volatile ApplicationThread app;
  private volatile Thread appThread;

  /** Device requests (list, read) the application thread is blocked in right now: 0 or 1. */
  private final AtomicInteger appWaiting = new AtomicInteger();

  private volatile StreamTap tap;
  private final StreamAcceptor sameOrigin;
  private volatile StreamAcceptor acceptor;
  private volatile Consumer<StreamClient> onConnect = client -> {};
  private volatile Consumer<StreamClient> onDisconnect = client -> {};

  /**
   * Streams over {@code messages}, the memory plan's {@code stream messages} pool: every output
   * context and answer is one of its buffers, and the pool's size bounds the requests waiting for
   * pages too.
   *
   * @param writeLeaseMillis how long a context may stay unflushed before it is reclaimed as leaked
   * @param restTimeoutMillis how long a REST request waits for its handler before {@code 504}
   */
  public Streams(BufferPool messages, long writeLeaseMillis, long restTimeoutMillis) {
    this(messages, writeLeaseMillis, restTimeoutMillis, SameOrigin.plain(), QUEUE_DEPTH);
  }

  /**
   * As {@link #Streams(BufferPool, long, long)}, with {@code origins} as the default accept
   * callback (the device's own pages, clients without {@code Origin} and its allowed origins) and
   * {@code queueDepth} messages per page's transmit queue.
   */
  Streams(
      BufferPool messages,
      long writeLeaseMillis,
      long restTimeoutMillis,
      SameOrigin origins,
      int queueDepth) {
    this(messages, writeLeaseMillis, restTimeoutMillis, origins, queueDepth, System::nanoTime);
  }

  /** As the constructor above, with write leases measured on {@code nanoClock} (tests). */
  Streams(
      BufferPool messages,
      long writeLeaseMillis,
      long restTimeoutMillis,
      SameOrigin origins,
      int queueDepth,
      java.util.function.LongSupplier nanoClock) {
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
    this.protocol =
        new Protocol(
            SUBPROTOCOL,
            PATH,
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

  /** Streams over {@code messages} with the lease and REST timeout of {@code config}. */
  public static Streams fromConfig(BufferPool messages, FirmwareConfig config) {
    return new Streams(
        messages,
        config.number(ConfigKey.STREAMS_WRITE_LEASE_MS),
        config.number(ConfigKey.STREAMS_REST_TIMEOUT_MS),
        config.sameOrigin(),
        queueDepth(config.number(ConfigKey.SERVER_BROADCAST_BUFFERS)));
  }

  /**
   * Messages a page may have queued: {@value #QUEUE_DEPTH}, but never more than half the broadcast
   * buffers, since each write to all pages a page has queued holds one. So a page that stopped
   * reading is skipped by writes to all pages (its queue is full) while the others still get them,
   * instead of holding every broadcast buffer and stopping those writes for everyone.
   */
  static int queueDepth(int broadcastBuffers) {
    return Math.max(1, Math.min(QUEUE_DEPTH, broadcastBuffers / 2));
  }

  // ---- wiring into the firmware

  /** The protocol to add to the server's table. */
  public Protocol protocol() {
    return protocol;
  }

  /** The upgrade filter that applies the accept callback to stream pages (others pass). */
  public UpgradeFilter upgradeFilter() {
    return (request, p) -> p != protocol || acceptor.accept(request) ? 0 : 403;
  }

  /**
   * The HTTP side: {@code GET /streams}, {@code GET} and {@code POST /streams/NAME}, the JavaScript
   * client at {@code /lightwire/streams.js}, and every other file under the class path folder
   * {@code lightwire-web/} (any module may add pages there); the rest goes to {@code fallback}.
   */
  public HttpHandler httpHandler(HttpHandler fallback) {
    return restHandler(StaticFiles.fromClassPath(Streams.class, WEB_ROOT, fallback));
  }

  /**
   * The REST binding alone ({@code GET /streams}, {@code GET} and {@code POST /streams/NAME});
   * every other request goes to {@code files}, which serves {@link #WEB_ROOT} (the JavaScript
   * client is {@code lightwire/streams.js} there) with the cache the caller chose.
   */
  public HttpHandler restHandler(HttpHandler files) {
    return new RestBinding(this, files);
  }

  /** Starts serving on {@code server} (which serves {@link #protocol()}) with {@code app}. */
  public void start(Server server, ApplicationThread app) {
    this.app = Objects.requireNonNull(app, "app");
    app.post(() -> appThread = Thread.currentThread());
    delivery.start(Objects.requireNonNull(server, "server"), slots);
    for (ClientSlot slot : slots) {
      slot.events.post(); // pages that connected before the application thread was known
    }
  }

  // ---- device streams

  /**
   * Registers the device stream {@code name}.
   *
   * @throws IllegalArgumentException when the name is empty, longer than {@value #MAX_NAME_LENGTH}
   *     characters, contains {@code /} or a control character, or is registered already
   */
  public void register(String name, Permission permission, StreamHandler handler) {
    checkName(name);
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(handler, "handler");
    if (registry.putIfAbsent(name, new Registration(name, permission, handler)) != null) {
      throw new IllegalArgumentException("stream '" + name + "' is registered already");
    }
  }

  /**
   * Writes device stream {@code name} with {@code value} for a client that is not a page (the MQTT
   * bridge): its handler runs on the application thread, as for a page's write that wants no answer
   * (request id 0), and its answer is dropped.
   *
   * @return null when the handler was queued, else the error code: {@link
   *     StreamErrors#UNKNOWN_STREAM}, {@link StreamErrors#PERMISSION_DENIED} (a read-only stream)
   *     or {@link StreamErrors#BUSY} (no stream message free, or the application queue is full)
   */
  public String writeFromOutside(String name, Value value) {
    Registration registration = registry.get(name);
    if (registration == null) {
      return StreamErrors.UNKNOWN_STREAM;
    }
    if (!registration.permission().allowsWrite()) {
      return StreamErrors.PERMISSION_DENIED;
    }
    StreamContext c = acquire(StreamContext.KIND_REPLY, null, name, 0);
    if (c == null) {
      return StreamErrors.BUSY;
    }
    c.job.set(registration, true, value, null);
    if (!post(c.job)) {
      release(c);
      return StreamErrors.BUSY;
    }
    return null;
  }

  /** The permission of device stream {@code name}, or null when there is none. */
  public Permission permission(String name) {
    Registration registration = registry.get(name);
    return registration == null ? null : registration.permission();
  }

  /**
   * Sets the one tap told of every value the device writes to {@link #ALL} pages (null: none), on
   * the flushing thread, just before the message is broadcast (the MQTT bridge publishes it).
   */
  public void setWriteAllTap(StreamTap tap) {
    this.tap = tap;
  }

  /** Removes the device stream {@code name}; false when there was none. */
  public boolean unregister(String name) {
    return registry.remove(name) != null;
  }

  /** The names of the device streams, sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>(registry.keySet());
    names.sort(null);
    return names;
  }

  Registration registration(String name) {
    return registry.get(name);
  }

  Map<String, Registration> registry() {
    return registry;
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "stream name '" + name + "' must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch == '/' || ch < 0x20 || ch == 0x7f) {
        throw new IllegalArgumentException(
            "stream name '" + name + "' must not contain '/' or control characters");
      }
    }
  }

  // ---- pages: callbacks

  /**
   * Sets the callback that may refuse a page just before it connects, and REST requests (null: back
   * to the default: the same-origin rule with the allowed origins this was made with).
   */
  public void setAcceptCallback(StreamAcceptor accept) {
    this.acceptor = accept == null ? sameOrigin : accept;
  }

  boolean accepts(io.lightwire.websock.server.HttpRequest request) {
    return acceptor.accept(request);
  }

  /** Sets the connect and disconnect handlers; they run on the application thread. */
  public void setHandlers(Consumer<StreamClient> connect, Consumer<StreamClient> disconnect) {
    this.onConnect = connect == null ? client -> {} : connect;
    this.onDisconnect = disconnect == null ? client -> {} : disconnect;
  }

  /** The pages connected now. */
  public List<StreamClient> clients() {
    List<StreamClient> clients = new ArrayList<>();
    for (ClientSlot slot : slots) {
      StreamClient client = slot.current();
      if (client != null) {
        clients.add(client);
      }
    }
    return clients;
  }

  // ---- pages: requests

  /**
   * Asks {@code client} for the names of the streams it registered (seed: {@code
   * gos_hs_stream_ws_list}). Blocks up to {@code timeoutMillis}.
   *
   * @return on success a msgpack array of names
   * @throws IllegalStateException when called on the service thread
   */
  public StreamResult list(StreamClient client, long timeoutMillis) {
    return request(client, Wire.LIST, null, timeoutMillis);
  }

  /**
   * Reads {@code stream} of {@code client} (seed: {@code gos_hs_stream_ws_read}). Blocks up to
   * {@code timeoutMillis}.
   *
   * @throws IllegalStateException when called on the service thread
   */
  public StreamResult read(StreamClient client, String stream, long timeoutMillis) {
    checkName(stream);
    return request(client, Wire.READ, stream, timeoutMillis);
  }

  private StreamResult request(StreamClient client, int op, String stream, long timeoutMillis) {
    Objects.requireNonNull(client, "client");
    if (client == ALL) {
      throw new IllegalArgumentException("list and read ask one page, not all of them");
    }
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
    StreamContext c = acquire(StreamContext.KIND_REQUEST, client, stream, id);
    if (c == null) {
      pending.cancel(entry);
      return StreamResult.of(StreamResult.Status.BUSY, "no stream message free");
    }
    try {
      Wire.packRequest(c.rawPacker(), op, id, stream);
    } catch (IOException e) {
      release(c);
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

  /**
   * True while the application thread is blocked in {@link #list} or {@link #read}: a REST request
   * then answers {@code busy} at once rather than hold the service thread, which must stay free to
   * deliver the very answer the application thread waits for.
   */
  boolean applicationWaitsForAPage() {
    return appWaiting.get() > 0;
  }

  /**
   * The UTF-8 bytes of a stream name, cached so that writing the same streams again and again packs
   * no new array; the cache holds at most {@value #NAME_CACHE_SIZE} names (beyond, names are
   * encoded afresh each time).
   */
  private byte[] encodedName(String stream) {
    byte[] utf8 = encodedNames.get(stream);
    if (utf8 == null) {
      utf8 = stream.getBytes(StandardCharsets.UTF_8);
      if (encodedNames.size() < NAME_CACHE_SIZE) {
        encodedNames.putIfAbsent(stream, utf8);
      }
    }
    return utf8;
  }

  private int nextRequestId() {
    int id;
    do {
      id = requestIds.incrementAndGet() & Integer.MAX_VALUE;
    } while (id == 0);
    return id;
  }

  /**
   * Prepares a write of {@code stream} to {@code client}, or to every page with {@link #ALL} (seed:
   * {@code gos_hs_stream_ws_write}): returns an output context with the message's envelope packed;
   * pack one value into it, then {@link #flush} or {@link #abortWrite} it.
   *
   * @return the context, or null when every stream message is in use
   */
  public StreamContext write(StreamClient client, String stream) {
    Objects.requireNonNull(client, "client");
    checkName(stream);
    StreamContext c = acquire(StreamContext.KIND_WRITE, client, stream, 0);
    if (c == null) {
      return null;
    }
    // Counted from the packer's position, not with size(): a flush mid-message would make the
    // slot output hand out a new buffer view (32 B per message; StreamsAllocationTest).
    long start = c.rawPacker().getTotalWrittenBytes();
    try {
      Wire.packRequest(c.rawPacker(), Wire.WRITE, 0, encodedName(stream));
    } catch (IOException e) {
      release(c);
      throw new IllegalStateException("an envelope always fits a stream message", e);
    }
    c.envelopeBytes = (int) (c.rawPacker().getTotalWrittenBytes() - start);
    return c;
  }

  /**
   * Sends a context from {@link #write}: to its page, through the page's transmit queue, or to
   * every page as one broadcast encoded once. Waits up to {@code timeoutMillis} for the message to
   * be handed over (while the page's queue or every broadcast buffer is full). The context goes
   * back to its pool whatever the outcome.
   *
   * @return the message's bytes when it was handed over, else {@link #BACK_PRESSURED}, {@link
   *     #CLOSED}, {@link #TOO_BIG} or {@link #TIMEOUT}
   * @throws IllegalStateException when the context was flushed or aborted already, or is a
   *     handler's answer
   */
  public int flush(StreamContext context, long timeoutMillis) {
    StreamContext c = context;
    synchronized (c) {
      if (c.state != StreamContext.FILLING || c.kind != StreamContext.KIND_WRITE) {
        throw new IllegalStateException(
            "stream context "
                + c.index
                + (c.kind == StreamContext.KIND_WRITE
                    ? " was flushed or aborted already"
                    : " is a handler's answer: the service sends it"));
      }
      c.state = StreamContext.QUEUED;
    }
    c.commit();
    StreamTap t = tap;
    if (t != null && c.target == ALL) {
      ByteBuffer value = c.message();
      t.written(c.stream, value.position(value.position() + c.envelopeBytes));
    }
    contexts.maybeSweep();
    return delivery.flush(c, timeoutMillis);
  }

  /**
   * Gives back a context from {@link #write} without sending it (seed: {@code
   * gos_hs_stream_ws_abort_write}). Aborting a context twice is harmless.
   */
  public void abortWrite(StreamContext context) {
    synchronized (context) {
      if (context.state != StreamContext.FILLING || context.kind != StreamContext.KIND_WRITE) {
        return;
      }
      // Claimed under the lock, so a leak sweep racing this abort cannot free it a second time.
      context.state = StreamContext.DONE;
    }
    release(context);
  }

  /** Closes the page's connection with 1000 (seed: {@code gos_hs_stream_ws_close}). */
  public boolean close(StreamClient client) {
    if (client == null || client == ALL || !client.isConnected()) {
      return false;
    }
    return delivery
        .server()
        .execute(
            () -> {
              if (client.isConnected()) {
                client.slot.connection.close(1000, "closed by the device");
              }
            });
  }

  // ---- counters

  /** The stream messages pool. */
  public Pool pool() {
    return contexts.pool();
  }

  /** Contexts reclaimed because they were neither flushed nor aborted in time. */
  public long leakedContexts() {
    return contexts.leaked();
  }

  /** Times {@link #write} or a request found every stream message in use. */
  public long exhaustions() {
    return contexts.exhausted();
  }

  /** Malformed messages received from pages. */
  public long malformedMessages() {
    return malformed.get();
  }

  /** Answers that came after their request timed out, or answered nothing asked. */
  public long lateAnswers() {
    return lateAnswers.get();
  }

  /** REST answers that came after the server had answered 504 (or the client had left). */
  public long lateRestAnswers() {
    return lateRestAnswers.get();
  }

  /**
   * Handler events the application queue refused (it was full), and connect or disconnect events
   * that found the application thread stopped (a full queue never refuses those: they have their
   * reserved share).
   */
  public long eventsRefused() {
    return eventsRefused.get();
  }

  /** Pages skipped by writes of {@code stream} to {@link #ALL} (their transmit queue was full). */
  public long pagesSkipped(String stream) {
    return delivery.writeAllCounts().skipped(stream);
  }

  /**
   * One stream's writes to all pages.
   *
   * @param stream the stream's name
   * @param writes writes to all pages that went out
   * @param pagesReached pages that queued them, summed
   * @param pagesSkipped pages skipped because their transmit queue was full, summed
   */
  public record WriteAllCount(String stream, long writes, long pagesReached, long pagesSkipped) {}

  /** Every stream written to all pages since boot, by name (for {@code /status}). */
  public List<WriteAllCount> writeAllCounts() {
    return delivery.writeAllCounts().snapshot();
  }

  /** Requests to pages waiting for an answer right now. */
  public int pendingRequests() {
    return pending.inUse();
  }

  /**
   * Reclaims contexts held past the lease without a flush or abort, reporting each; returns how
   * many. Runs by itself when the pool is exhausted, on flushes and after handlers.
   */
  public int reclaimLeaked() {
    return contexts.sweepNow();
  }

  // ---- internals shared with the socket and REST sides

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
    if (pending.complete(id, from, result)) {
      return true;
    }
    lateAnswers.incrementAndGet();
    return false;
  }

  void countLateRestAnswer() {
    lateRestAnswers.incrementAndGet();
  }

  void countMalformed() {
    malformed.incrementAndGet();
  }

  /**
   * Stops: requests waiting for pages end with {@code CLOSED}, and every context still taken goes
   * back to the pool (a write still being filled counts as leaked). Call after the server and the
   * application thread have stopped. Idempotent.
   */
  @Override
  public void close() {
    pending.failAll(StreamResult.of(StreamResult.Status.CLOSED, "streams closed"));
    contexts.reclaimAll();
  }
}
