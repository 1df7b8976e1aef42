package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpStreamHandler;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerCounters;
import io.lightwire.websock.server.ServerMemory;
import io.lightwire.websock.server.ServerTls;
import io.lightwire.websock.server.UpgradeFilter;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server's duty cycle: one selector for the listening socket and every connection. {@link
 * #service(long)} does one pass (accept, read, answer HTTP or WebSocket frames, write, hand-offs,
 * writable callbacks, deadlines) and returns the amount of work done, so a caller can idle when it
 * is 0. The jobs live in their own classes: the {@link SlotTable}, the {@link Acceptor}, the {@link
 * HttpResponder}, the {@link Broadcaster}, the {@link Deadlines}, the {@link ServiceTasks}, the
 * {@link ConnectionEnd} and the {@link Counters}; this class drives readiness and a connection's
 * reads, dispatches and writes.
 *
 * <p>Thread rule: everything runs on the one thread that pumps the loop, except {@link #wakeup},
 * {@link #broadcast}, {@link #publish}, {@link #execute} and the counters.
 */
public final class ServiceLoop {

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** Reads per connection and wake-up at most, so one busy peer cannot starve the others. */
  private static final int MAX_READS_PER_WAKEUP = 16;

  private final ServerConfig config;
  private final WebSocketUpgrades upgrades;
  private final Counters counters = new Counters(new ProtocolErrors(LOG));
  private final CallbackGuard guard = new CallbackGuard(counters, this::close);

  /** Null without TLS. */
  private final BufferPool tlsPool;

  private final ServiceTasks tasks;
  private final Selector selector;
  private final SlotTable slots;
  private final Deadlines deadlines;
  private final HttpResponder http;
  private final Broadcaster broadcaster;
  private final Acceptor acceptor;
  private final WritableCallbacks writables;
  private final ConnectionEnd ends;
  private final Consumer<SelectionKey> onReady = this::onReady;
  private final CallbackGuard.Step ready = this::ready;
  private final ReadinessWait readiness;
  private int work;
  private boolean closed;

  private final HttpStreamSession.Hooks streamHooks =
      new HttpStreamSession.Hooks() {
        @Override
        public void updateInterest(Connection c) {
          ServiceLoop.this.updateInterest(c);
        }

        @Override
        public void handlerFailed(String what, RuntimeException e) {
          guard.failed(what + " failed; ending the stream", e);
        }
      };
  private volatile Thread serviceThread;

  /**
   * Binds the listening socket (with {@code SO_REUSEPORT} when {@code reusePort}) and prepares
   * every slot; every deadline reads {@code nanoClock}.
   *
   * @throws IOException when the address cannot be bound (in use, not local, no permission)
   */
  public ServiceLoop(
      ServerConfig config,
      ServerMemory memory,
      HttpHandler handler,
      List<Protocol> protocols,
      UpgradeFilter filter,
      ServerTls tls,
      LongSupplier nanoClock,
      boolean reusePort)
      throws IOException {
    this.config = config;
    List<Protocol> table = List.copyOf(protocols);
    BufferPool messagePool = memory.messageBuffers();
    this.upgrades = new WebSocketUpgrades(table, filter, messagePool, counters);
    this.deadlines = new Deadlines(this, counters, config, nanoClock);
    this.http = new HttpResponder(this, handler, upgrades, deadlines, counters, guard);
    this.tlsPool = tls == null ? null : memory.tlsBuffers();
    int queueCapacity = 1;
    for (Protocol p : table) {
      queueCapacity = Math.max(queueCapacity, p.queueDepth());
    }
    int queueDepth = queueCapacity;
    this.slots =
        new SlotTable(
            config.maxConnections(),
            table.isEmpty() ? ServerMemory.slotBytes(0) : ServerMemory.slotBytes(queueDepth),
            i -> slot(i, config, table, queueDepth, tls));
    this.broadcaster =
        new Broadcaster(
            this, memory.broadcastBuffers(), config.maxMessageBytes(), slots, counters, guard);
    this.writables = new WritableCallbacks(this, slots, guard);
    selector = Selector.open();
    tasks = new ServiceTasks(selector, guard);
    long busyPollNanos = TimeUnit.MICROSECONDS.toNanos(config.busyPollMicros());
    readiness =
        new ReadinessWait(
            selector, onReady, this::runHandoffs, busyPollNanos, System::nanoTime, Thread::yield);
    try {
      acceptor =
          new Acceptor(
              this,
              config,
              selector,
              slots,
              memory.rxBuffers(),
              memory.txBuffers(),
              tls != null,
              counters,
              deadlines,
              reusePort);
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
    ends = new ConnectionEnd(messagePool, writables, upgrades, acceptor, guard);
  }

  /** One slot with everything it keeps across connections (allocated once, at start). */
  private Connection slot(
      int index, ServerConfig config, List<Protocol> table, int queueCapacity, ServerTls tls) {
    Connection c = new Connection(index, config.maxHeaderBytes(), http.deferralWake(), counters);
    c.stream = new HttpStreamSession(c, streamHooks);
    c.exchange.streamer(c.stream::prepare); // once per slot
    if (!table.isEmpty()) {
      c.exchange.upgrader(upgrades);
      Object[] states = new Object[table.size()];
      for (int p = 0; p < states.length; p++) {
        states[p] = table.get(p).stateFactory().get();
      }
      c.ws =
          new WebSocketSession(
              c, this, config.maxMessageBytes(), config.maxMessageBytes(), queueCapacity, states);
    }
    if (tls != null) {
      c.tls = new TlsChannel(tls.context(), tlsPool);
    }
    return c;
  }

  /** The TLS buffer pool, or null when the server has no TLS. */
  public Pool tlsBuffers() {
    return tlsPool;
  }

  /** The connection slots as a pool: capacity and how many are in use. */
  public Pool connectionSlots() {
    return slots;
  }

  /** The counters; readable from any thread. */
  public ServerCounters counters() {
    return counters;
  }

  /** The bound address (with the real port when the config asked for port 0). */
  public InetSocketAddress localAddress() throws IOException {
    return acceptor.localAddress();
  }

  /**
   * One pass of the loop.
   *
   * @param timeoutMillis how long to wait for something to do: 0 returns at once, a negative value
   *     waits until there is work (deadlines still wake it)
   * @return the amount of work done
   */
  public int service(long timeoutMillis) throws IOException {
    if (closed) {
      return 0;
    }
    serviceThread = Thread.currentThread();
    boolean busy = work > 0; // the last pass did work: yield, and a busy-poll window may come
    work = 0;
    readiness.await(deadlines.waitMillis(timeoutMillis), busy);
    runHandoffs();
    work += writables.run();
    work += deadlines.expire(deadlines.now(), slots.all());
    return work;
  }

  /** Makes a blocked {@link #service(long)} return; safe from any thread. */
  public void wakeup() {
    readiness.wakeup();
  }

  boolean onServiceThread() {
    return Thread.currentThread() == serviceThread;
  }

  void checkServiceThread() {
    Thread owner = serviceThread;
    if (owner != null && owner != Thread.currentThread()) {
      throw new IllegalStateException(
          "WebSocket connections are used on the service thread only; use Server.execute");
    }
  }

  // ---- readiness

  private void onReady(SelectionKey key) {
    work++;
    Connection c = (Connection) key.attachment();
    if (c == null) {
      acceptor.accept();
      return;
    }
    guard.run(c, ready, "serving");
  }

  private void ready(Connection c) throws IOException {
    SelectionKey key = c.key;
    if (key.isValid() && key.isWritable()) {
      flush(c);
      if (c.isBound() && !c.webSocket && !c.hasPendingOutput() && c.rx.position() > 0) {
        processInput(c);
      }
    }
    if (c.isBound() && key.isValid() && key.isReadable()) {
      read(c);
    }
  }

  /**
   * Reads what the socket has: again after a read that filled the receive buffer (and after its
   * frames were dispatched), at most {@value #MAX_READS_PER_WAKEUP} times, so a busy peer costs one
   * selector wake-up per burst rather than per buffer.
   */
  private void read(Connection c) throws IOException {
    if (!c.rx.hasRemaining()) {
      return; // only while paused: the bytes wait for resumeReceive
    }
    for (int reads = 1; ; reads++) {
      int room = c.rx.remaining();
      int n = c.in.read(c.rx);
      if (n < 0) {
        close(c);
        return;
      }
      if (n > 0) {
        if (c.webSocket && c.ws.state == WebSocketSession.State.OPEN) {
          deadlines.idle(c);
        }
        processInput(c);
      } else if (c.tls != null) {
        flush(c); // the handshake may have written, or be waiting to
      }
      // TLS may hold decrypted bytes the selector will not announce again: take them now.
      boolean more = n == room || (c.tls != null && c.tls.hasBufferedInput());
      if (n <= 0
          || !more
          || reads >= MAX_READS_PER_WAKEUP
          || !c.isBound()
          || !c.rx.hasRemaining()
          || (c.webSocket && c.ws.paused)) {
        return;
      }
    }
  }

  /** Answers every complete HTTP request, or hands WebSocket bytes to the session. */
  void processInput(Connection c) throws IOException {
    if (c.webSocket) {
      processWebSocket(c);
    } else {
      http.processInput(c);
    }
  }

  /**
   * One dispatch: the frames in the receive buffer go to the handler, and what it sends meanwhile
   * is written once at the end (coalesced writes).
   */
  void processWebSocket(Connection c) throws IOException {
    if (c.coalescing) {
      return; // a resume inside this connection's dispatch: that dispatch reads on, and writes
    }
    boolean open;
    c.coalescing = true;
    try {
      open = c.ws.onBytes();
    } finally {
      c.coalescing = false;
    }
    c.ws.sender.endBatch();
    if (!open) {
      c.closeAfterFlush = true;
    }
    flush(c);
  }

  // ---- writing

  /** Writes what is queued, then sets the interest the connection needs now. */
  void flush(Connection c) throws IOException {
    if (!c.isBound()) {
      return;
    }
    boolean streaming = !c.webSocket && c.stream.isActive();
    boolean done =
        c.webSocket ? c.ws.sender.flush() : streaming ? http.flushStream(c) : http.flush(c);
    if (c.tls != null) {
      done = c.tls.flush() && done;
    }
    if (done && (c.closeAfterFlush || streaming && c.stream.isEnding())) {
      close(c);
      return;
    }
    updateInterest(c);
  }

  /** Interest: read unless paused or finished; write while output waits. */
  void updateInterest(Connection c) {
    if (!c.isBound()) {
      return;
    }
    boolean pending = c.hasPendingOutput();
    int ops;
    if (!c.webSocket && c.stream.isActive()) {
      // Reading goes on (discarding) so a client that leaves is seen at once.
      ops = SelectionKey.OP_READ | (c.stream.wantsWrite() ? SelectionKey.OP_WRITE : 0);
    } else if (!c.webSocket) {
      // While a deferred answer is awaited, reading goes on (a client leaving frees the slot at
      // once) until rx is full of pipelined requests; then it stops, so the loop cannot spin.
      boolean rxFull = c.awaiting != null && !c.rx.hasRemaining();
      ops = pending ? SelectionKey.OP_WRITE : rxFull ? 0 : SelectionKey.OP_READ;
    } else {
      boolean reading =
          !c.ws.paused && !c.closeAfterFlush && c.ws.state != WebSocketSession.State.CLOSED;
      ops = (reading ? SelectionKey.OP_READ : 0) | (pending ? SelectionKey.OP_WRITE : 0);
    }
    if (c.key.interestOps() != ops) {
      c.key.interestOps(ops);
    }
  }

  /** A send queued output from inside a callback: write it when the socket is ready. */
  void flushSoon(Connection c) {
    updateInterest(c);
  }

  // ---- what sessions report

  /** The session failed the connection for {@code rule}: counted for its peer, logged sparingly. */
  void protocolError(Connection c, int closeCode, String rule) {
    InetAddress peer = c.remote == null ? null : c.remote.getAddress();
    counters.protocolErrors.record(peer, closeCode, rule, deadlines.now());
  }

  /** The session failed the connection: drain input for a short linger, then close. */
  void failed(Connection c) {
    deadlines.linger(c);
  }

  /** The session started a close: it must be answered within the handshake timeout. */
  void closing(Connection c) {
    deadlines.handshake(c);
    updateInterest(c);
  }

  void writableRequested(Connection c) {
    writables.requested(c);
  }

  void resumed(Connection c) throws IOException {
    updateInterest(c);
    if (c.rx.position() > 0) {
      processWebSocket(c);
    }
  }

  // ---- hand-offs from other threads

  /**
   * Encodes {@code payload} once and queues it for every open connection of {@code protocol} that
   * {@code filter} accepts (all when null). Any thread.
   *
   * @return payload bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast
   *     buffer is in flight, or {@link WebSocketConnection#TOO_BIG}
   */
  public int broadcast(
      Protocol protocol, boolean text, ByteBuffer payload, BroadcastFilter filter) {
    return broadcaster.broadcast(protocol, text, payload, filter);
  }

  /**
   * Copies {@code parts} once into a broadcast buffer and queues it for every stream of {@code
   * streams} that accepts it. Any thread.
   *
   * @return bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast buffer
   *     is in flight, or {@link WebSocketConnection#TOO_BIG}
   */
  public int publish(HttpStreamHandler streams, ByteBuffer[] parts) {
    return broadcaster.publish(streams, parts);
  }

  /** Streamed HTTP responses open now. Any thread. */
  public int openStreams() {
    return ends.openStreams();
  }

  /** A stream's head was queued (service thread). */
  void streamOpened() {
    ends.streamOpened();
  }

  /** Runs {@code task} on the service thread soon; false when the task ring is full. */
  public boolean execute(Runnable task) {
    return tasks.offer(task);
  }

  /** Runs what other threads handed over; returns how much that was. */
  private int runHandoffs() {
    int n = http.settleCompleted(slots.all()) + broadcaster.drain() + tasks.run();
    work += n;
    return n;
  }

  /** Every open WebSocket connection of {@code protocol} gets one {@code onWritable}. */
  public void requestWritableAll(Protocol protocol) {
    checkServiceThread();
    writables.requestAll(protocol);
  }

  /** A deferred response's deadline passed (or its answer just came): it is written now. */
  void settleDeferred(Connection c) {
    http.settleDeferred(c);
  }

  // ---- closing

  /** Ends {@code c}'s connection: the handler hears of it, then the slot goes back. */
  void close(Connection c) {
    ends.close(c);
  }

  /**
   * Stops: WebSocket peers get close 1001 and up to a second to answer, then every connection, the
   * listening socket and the selector close, and every buffer goes back to its pool. Idempotent;
   * call it on the service thread.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    GracefulStop.run(this, slots.all(), selector, onReady, deadlines);
    counters.protocolErrors.summarize();
    broadcaster.discardPending();
    acceptor.close();
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the selector: " + e.getMessage());
    }
  }

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  /** The config this loop was built from. */
  public ServerConfig config() {
    return config;
  }
}
