package io.lightwire.firmware.streams;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.streams.internal.Wire;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.StaticFiles;
import io.lightwire.websock.server.UpgradeFilter;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
  public static final int TIMEOUT = Result.TIMEOUT;

  /** Longest stream name, in characters. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Messages each page may have waiting in its transmit queue. */
  private static final int QUEUE_DEPTH = 32;

  private final StreamsCore core;

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
    this(
        new StreamsCore(
            messages, writeLeaseMillis, restTimeoutMillis, origins, queueDepth, System::nanoTime));
  }

  /** Streams over {@code core}: the firmware's (on its clock) and the tests' (on theirs). */
  Streams(StreamsCore core) {
    this.core = core;
  }

  /**
   * Streams over {@code messages} with the lease and REST timeout of {@code config}, write leases
   * measured on {@code nanoClock} (the firmware's clock, {@link System#nanoTime()} scale).
   */
  public static Streams fromConfig(
      BufferPool messages, FirmwareConfig config, LongSupplier nanoClock) {
    return new Streams(
        new StreamsCore(
            messages,
            config.number(ConfigKey.STREAMS_WRITE_LEASE_MS),
            config.number(ConfigKey.STREAMS_REST_TIMEOUT_MS),
            config.sameOrigin(),
            queueDepth(config.number(ConfigKey.SERVER_BROADCAST_BUFFERS)),
            nanoClock));
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
    return core.protocol;
  }

  /** The upgrade filter that applies the accept callback to stream pages (others pass). */
  public UpgradeFilter upgradeFilter() {
    return (request, p) -> p != core.protocol || core.acceptor.accept(request) ? 0 : 403;
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
    return new RestBinding(core, files);
  }

  /** Starts serving on {@code server} (which serves {@link #protocol()}) with {@code app}. */
  public void start(Server server, ApplicationThread app) {
    core.app = Objects.requireNonNull(app, "app");
    app.post(() -> core.requests.applicationThread(Thread.currentThread()));
    core.delivery.start(Objects.requireNonNull(server, "server"), core.slots);
    for (ClientSlot slot : core.slots) {
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
    core.registry.register(name, permission, handler);
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
    Registration registration = core.registry.get(name);
    if (registration == null) {
      return StreamErrors.UNKNOWN_STREAM;
    }
    if (!registration.permission().allowsWrite()) {
      return StreamErrors.PERMISSION_DENIED;
    }
    StreamContext c = core.acquire(StreamContext.KIND_REPLY, null, name, 0);
    if (c == null) {
      return StreamErrors.BUSY;
    }
    c.job.set(registration, true, value, null);
    if (!core.post(c.job)) {
      core.release(c);
      return StreamErrors.BUSY;
    }
    return null;
  }

  /** The permission of device stream {@code name}, or null when there is none. */
  public Permission permission(String name) {
    Registration registration = core.registry.get(name);
    return registration == null ? null : registration.permission();
  }

  /**
   * Sets the one tap told of every value the device writes to {@link #ALL} pages (null: none), on
   * the flushing thread, just before the message is broadcast (the MQTT bridge publishes it).
   */
  public void setWriteAllTap(StreamTap tap) {
    core.tap = tap;
  }

  /** Removes the device stream {@code name}; false when there was none. */
  public boolean unregister(String name) {
    return core.registry.remove(name);
  }

  /** The names of the device streams, sorted. */
  public List<String> names() {
    return core.registry.names();
  }

  static void checkName(String name) {
    StreamRegistry.checkName(name);
  }

  // ---- pages: callbacks

  /**
   * Sets the callback that may refuse a page just before it connects, and REST requests (null: back
   * to the default: the same-origin rule with the allowed origins this was made with).
   */
  public void setAcceptCallback(StreamAcceptor accept) {
    core.acceptor = accept == null ? core.sameOrigin : accept;
  }

  /** Sets the connect and disconnect handlers; they run on the application thread. */
  public void setHandlers(Consumer<StreamClient> connect, Consumer<StreamClient> disconnect) {
    core.onConnect = connect == null ? client -> {} : connect;
    core.onDisconnect = disconnect == null ? client -> {} : disconnect;
  }

  /** The pages connected now. */
  public List<StreamClient> clients() {
    List<StreamClient> clients = new ArrayList<>();
    for (ClientSlot slot : core.slots) {
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
    return core.requests.request(client, op, stream, timeoutMillis);
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
    StreamContext c = core.acquire(StreamContext.KIND_WRITE, client, stream, 0);
    if (c == null) {
      return null;
    }
    // Counted from the packer's position, not with size(): a flush mid-message would make the
    // slot output hand out a new buffer view (32 B per message; StreamsAllocationTest).
    long start = c.rawPacker().getTotalWrittenBytes();
    try {
      Wire.packRequest(c.rawPacker(), Wire.WRITE, 0, core.registry.encodedName(stream));
    } catch (IOException e) {
      core.release(c);
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
    StreamTap t = core.tap;
    if (t != null && c.target == ALL) {
      ByteBuffer value = c.message();
      t.written(c.stream, value.position(value.position() + c.envelopeBytes));
    }
    core.contexts.maybeSweep();
    return core.delivery.flush(c, timeoutMillis);
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
    core.release(context);
  }

  /** Closes the page's connection with 1000 (seed: {@code gos_hs_stream_ws_close}). */
  public boolean close(StreamClient client) {
    if (client == null || client == ALL || !client.isConnected()) {
      return false;
    }
    return core.delivery
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
    return core.contexts.pool();
  }

  /** Contexts reclaimed because they were neither flushed nor aborted in time. */
  public long leakedContexts() {
    return core.contexts.leaked();
  }

  /** Times {@link #write} or a request found every stream message in use. */
  public long exhaustions() {
    return core.contexts.exhausted();
  }

  /** Malformed messages received from pages. */
  public long malformedMessages() {
    return core.malformed.get();
  }

  /** Answers that came after their request timed out, or answered nothing asked. */
  public long lateAnswers() {
    return core.requests.lateAnswers();
  }

  /** REST answers that came after the server had answered 504 (or the client had left). */
  public long lateRestAnswers() {
    return core.lateRestAnswers.get();
  }

  /**
   * Handler events the application queue refused (it was full), and connect or disconnect events
   * that found the application thread stopped (a full queue never refuses those: they have their
   * reserved share).
   */
  public long eventsRefused() {
    return core.eventsRefused.get();
  }

  /** Pages skipped by writes of {@code stream} to {@link #ALL} (their transmit queue was full). */
  public long pagesSkipped(String stream) {
    return core.delivery.writeAllCounts().skipped(stream);
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
    return core.delivery.writeAllCounts().snapshot();
  }

  /** Requests to pages waiting for an answer right now. */
  public int pendingRequests() {
    return core.pending.inUse();
  }

  /**
   * Reclaims contexts held past the lease without a flush or abort, reporting each; returns how
   * many. Runs by itself when the pool is exhausted, on flushes and after handlers.
   */
  public int reclaimLeaked() {
    return core.contexts.sweepNow();
  }

  /**
   * Stops: requests waiting for pages end with {@code CLOSED}, and every context still taken goes
   * back to the pool (a write still being filled counts as leaked). Call after the server and the
   * application thread have stopped. Idempotent.
   */
  @Override
  public void close() {
    core.pending.failAll(StreamResult.of(StreamResult.Status.CLOSED, "streams closed"));
    core.contexts.reclaimAll();
  }
}
