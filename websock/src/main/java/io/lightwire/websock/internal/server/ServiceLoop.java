package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.Deferral;
import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpRequestParser;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.BroadcastFilter;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.MalformedQueryException;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerMemory;
import io.lightwire.websock.server.ServerTls;
import io.lightwire.websock.server.UpgradeFilter;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's duty cycle: one selector for the listening socket and every connection. {@link
 * #service(long)} does one pass (accept, read, answer HTTP or WebSocket frames, write, hand-offs,
 * writable callbacks, deadlines) and returns the amount of work done, so a caller can idle when it
 * is 0.
 *
 * <p>Thread rule: everything runs on the one thread that pumps the loop, except {@link #wakeup},
 * {@link #broadcast}, {@link #execute} and the counters.
 */
public final class ServiceLoop implements Pool {

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** Accepts at most this many clients per pass, so a connection storm cannot starve the rest. */
  private static final int MAX_ACCEPTS_PER_PASS = 64;

  /** Tasks other threads may have waiting for the service thread. */
  private static final int TASK_CAPACITY = 256;

  /** How long a failed connection drains input so the peer can read our close. */
  private static final long FAIL_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** How long a stopping server waits for WebSocket peers to answer its 1001 close. */
  private static final long STOP_GRACE_MILLIS = 1_000;

  private static final byte[] REFUSAL =
      ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerConfig config;
  private final HttpHandler handler;
  private final List<Protocol> protocols;
  private final WebSocketUpgrades upgrades;
  private final Admission admission;
  private final ProtocolErrors protocolErrors = new ProtocolErrors(LOG);
  private final BufferPool rxPool;
  private final BufferPool txPool;
  private final BufferPool messagePool;
  private final BufferPool broadcastPool;

  /** Null without TLS. */
  private final BufferPool tlsPool;

  private final SharedMessage[] sharedMessages;
  private final Handoff<SharedMessage> broadcasts;
  private final Handoff<Runnable> tasks = new Handoff<>(TASK_CAPACITY);
  private final Selector selector;
  private final ServerSocketChannel listener;
  private final Connection[] slots;
  private final int[] free;
  private int freeCount;
  private final ByteBuffer refusal = ByteBuffer.allocateDirect(REFUSAL.length).put(REFUSAL);
  private final Consumer<SelectionKey> onReady = this::onReady;
  private final long handshakeTimeoutNanos;
  private final long idleTimeoutNanos;
  private long nextDeadline = Long.MAX_VALUE;
  private int work;
  private int writablePending;
  private boolean closed;
  private volatile Thread serviceThread;

  private volatile int open;
  private volatile long refused;
  private volatile long refusedPerAddress;
  private volatile long shed;
  private volatile long timedOut;
  private volatile long handlerErrors;
  private volatile long broadcastsSkipped;
  private volatile long deferredTimeouts;

  /** Set by a thread completing a deferred response; the service thread then looks for it. */
  private volatile boolean deferralsCompleted;

  private final Runnable deferralWake = this::deferralCompleted;

  /**
   * Binds the listening socket and prepares every slot.
   *
   * @throws IOException when the address cannot be bound (in use, not local, no permission)
   */
  public ServiceLoop(
      ServerConfig config,
      ServerMemory memory,
      HttpHandler handler,
      List<Protocol> protocols,
      UpgradeFilter filter,
      ServerTls tls)
      throws IOException {
    this.config = config;
    this.handler = handler;
    this.protocols = List.copyOf(protocols);
    this.rxPool = memory.rxBuffers();
    this.txPool = memory.txBuffers();
    this.messagePool = memory.messageBuffers();
    this.broadcastPool = memory.broadcastBuffers();
    this.upgrades = new WebSocketUpgrades(this.protocols, filter, messagePool);
    this.admission = new Admission(config.maxConnections(), config.connectionsPerAddressLimit());
    this.handshakeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis());
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
    this.sharedMessages = new SharedMessage[broadcastPool.capacity()];
    this.broadcasts = new Handoff<>(broadcastPool.capacity());
    this.tlsPool = tls == null ? null : tlsBuffers(tls, config.maxConnections());
    int queueCapacity = 1;
    for (Protocol p : this.protocols) {
      queueCapacity = Math.max(queueCapacity, p.queueDepth());
    }
    this.slots = new Connection[config.maxConnections()];
    this.free = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      Connection c = new Connection(i, config.maxHeaderBytes(), deferralWake);
      if (!this.protocols.isEmpty()) {
        c.exchange.upgrader(upgrades);
        Object[] states = new Object[this.protocols.size()];
        for (int p = 0; p < states.length; p++) {
          states[p] = this.protocols.get(p).stateFactory().get();
        }
        c.ws =
            new WebSocketSession(
                c, this, config.maxMessageBytes(), config.maxMessageBytes(), queueCapacity, states);
      }
      if (tls != null) {
        c.tls = new TlsChannel(tls.context(), tlsPool);
      }
      slots[i] = c;
      free[i] = slots.length - 1 - i;
    }
    freeCount = slots.length;
    selector = Selector.open();
    listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      listener.close();
      selector.close();
      throw e;
    }
  }

  /** Three buffers per slot (encrypted in, encrypted out, decrypted in), each a record's size. */
  private static BufferPool tlsBuffers(ServerTls tls, int slots) {
    javax.net.ssl.SSLSession session = tls.context().createSSLEngine().getSession();
    int size = Math.max(session.getPacketBufferSize(), session.getApplicationBufferSize());
    return new BufferPool("tls buffers", 3 * slots, size);
  }

  /** The TLS buffer pool, or null when the server has no TLS. */
  public Pool tlsBuffers() {
    return tlsPool;
  }

  /** The bound address (with the real port when the config asked for port 0). */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
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
    work = 0;
    long wait = timeoutMillis;
    if (nextDeadline != Long.MAX_VALUE) {
      long untilDeadline =
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDeadline - System.nanoTime()) + 1);
      wait = wait < 0 ? untilDeadline : Math.min(wait, untilDeadline);
    }
    select(wait);
    runHandoffs();
    runWritableCallbacks();
    expireDeadlines(System.nanoTime());
    return work;
  }

  private void select(long wait) throws IOException {
    try {
      if (wait == 0) {
        selector.selectNow(onReady);
      } else if (wait < 0) {
        selector.select(onReady);
      } else {
        selector.select(onReady, wait);
      }
    } catch (ClosedSelectorException e) {
      // Closed under us by stop(): the pass simply ends.
    }
  }

  /** Makes a blocked {@link #service(long)} return; safe from any thread. */
  public void wakeup() {
    selector.wakeup();
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
      accept();
      return;
    }
    try {
      if (key.isValid() && key.isWritable()) {
        flush(c);
        if (c.isBound() && !c.webSocket && !c.hasPendingOutput() && c.rx.position() > 0) {
          processInput(c);
        }
      }
      if (c.isBound() && key.isValid() && key.isReadable()) {
        read(c);
      }
    } catch (IOException e) {
      close(c); // the peer went away or reset
    } catch (RuntimeException e) {
      handlerErrors++;
      LOG.log(System.Logger.Level.ERROR, "connection " + c.index + " failed; closing it", e);
      close(c);
    }
  }

  private void accept() {
    for (int i = 0; i < MAX_ACCEPTS_PER_PASS; i++) {
      SocketChannel socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
        return;
      }
      if (socket == null) {
        return;
      }
      InetSocketAddress remote = remoteOf(socket);
      if (remote == null || closed) {
        refused++;
        refuse(socket, refusal.clear());
        continue;
      }
      if (!admission.admit(remote.getAddress())) {
        refusedPerAddress++;
        refuse(socket, admission.tooManyResponse());
        continue;
      }
      if (freeCount == 0) {
        shedUnfinishedHead(remote.getAddress());
      }
      ByteBuffer rx = freeCount == 0 ? null : rxPool.acquire();
      ByteBuffer tx = rx == null ? null : txPool.acquire();
      if (rx == null || tx == null) {
        rxPool.release(rx);
        admission.release(remote.getAddress());
        refused++;
        refuse(socket, refusal.clear());
        continue;
      }
      Connection c = slots[free[--freeCount]];
      try {
        socket.configureBlocking(false);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = socket.register(selector, SelectionKey.OP_READ, c);
        c.bind(socket, key, rx, tx);
        c.remote = remote;
        if (c.tls != null) {
          if (!c.tls.bind(socket)) {
            throw new IOException("no TLS buffers free");
          }
          c.in = c.tls;
          c.out = c.tls;
        }
      } catch (IOException e) {
        c.unbind();
        rxPool.release(rx);
        txPool.release(tx);
        admission.release(remote.getAddress());
        free[freeCount++] = c.index;
        closeQuietly(socket);
        continue;
      }
      open++;
      setDeadline(c, handshakeTimeoutNanos);
    }
  }

  private static InetSocketAddress remoteOf(SocketChannel socket) {
    try {
      return (InetSocketAddress) socket.getRemoteAddress();
    } catch (IOException e) {
      return null; // reset before we looked: refused like any other
    }
  }

  /**
   * Every slot is taken: an unfinished request head of the busiest address (a slow-loris, most
   * likely) gives its slot to a newcomer from a less busy one.
   */
  private void shedUnfinishedHead(InetAddress newcomer) {
    Connection victim = admission.victim(slots, newcomer);
    if (victim != null) {
      shed++;
      close(victim);
    }
  }

  /**
   * Refuses a client with a preallocated response ({@code 503} past the slot limit, {@code 429}
   * past the per-address limit), then closes. A TLS server just closes: answering would take a
   * handshake, and so the memory being refused.
   */
  private void refuse(SocketChannel socket, ByteBuffer response) {
    if (tlsPool != null) {
      closeQuietly(socket);
      return;
    }
    try {
      socket.configureBlocking(false);
      socket.write(response);
    } catch (IOException e) {
      // The client is gone already; closing is all that is left.
    }
    closeQuietly(socket);
  }

  private void read(Connection c) throws IOException {
    if (!c.rx.hasRemaining()) {
      return; // only while paused: the bytes wait for resumeReceive
    }
    while (true) {
      int n = c.in.read(c.rx);
      if (n < 0) {
        close(c);
        return;
      }
      if (n > 0) {
        if (c.webSocket && c.ws.state == WebSocketSession.State.OPEN) {
          setDeadline(c, idleTimeoutNanos);
        }
        processInput(c);
      } else if (c.tls != null) {
        flush(c); // the handshake may have written, or be waiting to
      }
      // TLS may hold decrypted bytes the selector will not announce again: take them now.
      if (n <= 0
          || !c.isBound()
          || c.tls == null
          || !c.tls.hasBufferedInput()
          || !c.rx.hasRemaining()) {
        return;
      }
    }
  }

  /** Answers every complete HTTP request, or hands WebSocket bytes to the session. */
  private void processInput(Connection c) throws IOException {
    if (c.webSocket) {
      processWebSocket(c);
      return;
    }
    if (c.awaiting != null) {
      updateInterest(c); // later requests wait in rx behind the deferred one
      return;
    }
    while (c.isBound() && c.awaiting == null && c.rx.position() > 0 && !c.hasPendingOutput()) {
      int status = c.parser.parse(c.rx, c.rx.position());
      if (status == HttpRequestParser.NEED_MORE) {
        if (!c.rx.hasRemaining()) {
          respondError(c, c.parser.headEnd() < 0 ? 431 : 413, null);
        }
        return;
      }
      if (status != HttpRequestParser.COMPLETE) {
        respondError(c, status, null);
        return;
      }
      boolean upgraded = answer(c);
      if (!c.isBound()) {
        return; // a refused upgrade was answered and the connection closed with it
      }
      int end = c.parser.requestEnd();
      c.rx.limit(c.rx.position()).position(end);
      c.rx.compact();
      c.parser.reset();
      c.headSinceNanos = System.nanoTime();
      if (upgraded) {
        processWebSocket(c); // frames may have come right behind the request
        return;
      }
      flush(c);
    }
  }

  private void processWebSocket(Connection c) throws IOException {
    WebSocketSession ws = c.ws;
    if (!ws.onBytes()) {
      c.closeAfterFlush = true;
    }
    flush(c);
  }

  /** Answers one HTTP request; returns true when it upgraded the connection. */
  private boolean answer(Connection c) throws IOException {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    if (upgrades.wanted(exchange)) {
      int chosen = upgrades.choose(exchange);
      if (chosen != UpgradeHandshake.UNMATCHED) {
        return upgrade(c, exchange, chosen);
      }
    }
    boolean keepAlive = exchange.keepAlive() && !closed;
    boolean head = exchange.methodIs("HEAD");
    if (exchange.methodIs("OPTIONS") && "*".equals(exchange.path())) {
      // The server as a whole (RFC 9110 9.3.7): answered here, handlers see paths only.
      exchange.status(204);
      queueResponse(c, exchange, keepAlive, false);
      return false;
    }
    try {
      upgrades.answering(c);
      handler.onRequest(exchange, exchange);
    } catch (MalformedQueryException e) {
      // The client's error (a bad escape a handler decoded): 400 with the reason, no stack trace.
      Deferral abandoned = exchange.deferral();
      if (abandoned != null) {
        abandoned.drop();
      }
      upgrades.cancel(c);
      exchange.begin(c.rx, c.remote);
      HttpErrors.fill(exchange, 400, e.getMessage());
    } catch (RuntimeException e) {
      handlerErrors++;
      LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for " + exchange.path(), e);
      Deferral abandoned = exchange.deferral();
      if (abandoned != null) {
        abandoned.drop(); // the 500 below is the answer; a completion from elsewhere is ignored
      }
      upgrades.cancel(c);
      exchange.begin(c.rx, c.remote);
      exchange.status(500).body("text/plain", "internal server error\n");
    } finally {
      upgrades.answering(null);
    }
    if (WebSocketUpgrades.pending(c)) {
      openWebSocket(c, exchange);
      return true;
    }
    keepAlive = keepAlive && !exchange.closeAfterResponseRequested();
    Deferral deferral = exchange.deferral();
    if (deferral != null) {
      // Nothing is written now. The exchange keeps what the handler set as the timeout answer;
      // the request's bytes go (the caller compacts rx), so its flags are kept here.
      c.awaiting = deferral;
      c.awaitingKeepAlive = keepAlive;
      c.awaitingHead = head;
      setDeadline(c, deferral.timeoutNanos());
      return false;
    }
    queueResponse(c, exchange, keepAlive, head);
    return false;
  }

  /**
   * Writes the deferred response {@code c} waits for: the completed answer, or at its deadline the
   * timeout answer (the handler's, else a plain 504). Then the requests that waited behind it run.
   */
  private void settleDeferred(Connection c) {
    Deferral deferral = c.awaiting;
    c.awaiting = null;
    HttpExchange exchange = c.exchange;
    if (!deferral.settle(exchange)) {
      deferredTimeouts++;
      if (!exchange.hasResponse()) {
        exchange.status(504).body("text/plain", "504 Gateway Timeout\n");
      }
    }
    queueResponse(c, exchange, c.awaitingKeepAlive && !closed, c.awaitingHead);
    try {
      flush(c);
      if (c.isBound() && !c.hasPendingOutput() && c.rx.position() > 0) {
        processInput(c);
      }
    } catch (IOException e) {
      close(c);
    } catch (RuntimeException e) {
      handlerErrors++;
      LOG.log(System.Logger.Level.ERROR, "connection " + c.index + " failed; closing it", e);
      close(c);
    }
  }

  /** An upgrade the protocol table matched: refused with its status, or opened. */
  private boolean upgrade(Connection c, HttpExchange exchange, int chosen) throws IOException {
    int status = chosen < 0 ? -chosen : upgrades.prepare(c, exchange, chosen);
    if (status != 0) {
      respondError(c, status, upgrades.failure());
      return false;
    }
    openWebSocket(c, exchange);
    return true;
  }

  private void openWebSocket(Connection c, HttpExchange exchange) {
    setDeadline(c, idleTimeoutNanos);
    upgrades.open(c, exchange);
    exchange.end();
  }

  private void respondError(Connection c, int status, String why) throws IOException {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    HttpErrors.fill(exchange, status, why);
    queueResponse(c, exchange, false, false);
    c.rx.clear(); // nothing after a bad request can be trusted to be framed right
    c.parser.reset();
    flush(c);
  }

  private void queueResponse(
      Connection c, HttpExchange exchange, boolean keepAlive, boolean headRequest) {
    ByteBuffer body;
    try {
      body = exchange.writeHead(c.tx, keepAlive, headRequest);
    } catch (BufferOverflowException e) {
      c.tx.clear();
      exchange.begin(c.rx, c.remote);
      exchange.status(500).body("text/plain", "response head too large\n");
      body = exchange.writeHead(c.tx, false, headRequest);
      keepAlive = false;
    }
    if (body.remaining() <= c.tx.remaining()) {
      c.tx.put(body);
      c.pendingBody = null;
    } else {
      c.pendingBody = body;
    }
    c.closeAfterFlush = !keepAlive;
    exchange.end();
  }

  // ---- writing

  /** Writes what is queued, then sets the interest the connection needs now. */
  private void flush(Connection c) throws IOException {
    if (!c.isBound()) {
      return;
    }
    boolean done;
    if (c.webSocket) {
      done = c.ws.flush();
    } else {
      done = flushHttp(c);
    }
    if (c.tls != null) {
      done = c.tls.flush() && done;
    }
    if (done && c.closeAfterFlush) {
      close(c);
      return;
    }
    updateInterest(c);
  }

  private boolean flushHttp(Connection c) throws IOException {
    c.tx.flip();
    long written;
    if (c.pendingBody != null) {
      c.gather[0] = c.tx;
      c.gather[1] = c.pendingBody;
      written = c.out.write(c.gather);
      c.gather[0] = null;
      c.gather[1] = null;
    } else {
      written = c.out.write(c.tx);
    }
    c.tx.compact();
    if (written > 0) {
      setDeadline(c, idleTimeoutNanos);
    }
    if (c.hasPendingOutput()) {
      return false;
    }
    c.pendingBody = null;
    return true;
  }

  /** Interest: read unless paused or finished; write while output waits. */
  void updateInterest(Connection c) {
    if (!c.isBound()) {
      return;
    }
    boolean pending = c.hasPendingOutput();
    int ops;
    if (!c.webSocket) {
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

  /** The session failed the connection for {@code rule}: counted for its peer, logged sparingly. */
  void protocolError(Connection c, int closeCode, String rule) {
    InetAddress peer = c.remote == null ? null : c.remote.getAddress();
    protocolErrors.record(peer, closeCode, rule, System.nanoTime());
  }

  /** The session failed the connection: drain input for a short linger, then close. */
  void failed(Connection c) {
    setDeadline(c, Math.min(FAIL_LINGER_NANOS, handshakeTimeoutNanos));
  }

  /** The session started a close: it must be answered within the handshake timeout. */
  void closing(Connection c) {
    setDeadline(c, handshakeTimeoutNanos);
    updateInterest(c);
  }

  void writableRequested(Connection c) {
    if (!c.writablePending) {
      c.writablePending = true;
      writablePending++;
    }
  }

  void resumed(Connection c) throws IOException {
    updateInterest(c);
    if (c.rx.position() > 0) {
      processWebSocket(c);
    }
  }

  private void runWritableCallbacks() {
    if (writablePending == 0) {
      return;
    }
    for (Connection c : slots) {
      if (!c.writablePending || !c.isBound() || c.hasPendingOutput()) {
        continue;
      }
      c.writablePending = false;
      writablePending--;
      c.ws.writableRequested = false;
      work++;
      if (c.ws.isOpen()) {
        try {
          c.ws.handler().onWritable(c.ws.handle());
          flush(c);
        } catch (IOException e) {
          close(c);
        } catch (RuntimeException e) {
          handlerErrors++;
          LOG.log(System.Logger.Level.ERROR, "onWritable failed; closing the connection", e);
          close(c);
        }
      }
    }
  }

  // ---- hand-offs from other threads

  /**
   * Encodes {@code payload} once (fragments of at most the message limit) and queues it for every
   * open connection of {@code protocol}. Any thread.
   *
   * @return payload bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast
   *     buffer is in flight, or {@link WebSocketConnection#TOO_BIG}
   */
  public int broadcast(Protocol protocol, boolean text, ByteBuffer payload) {
    return broadcast(protocol, text, payload, null);
  }

  /**
   * As {@link #broadcast(Protocol, boolean, ByteBuffer)}, queued only for connections {@code
   * filter} accepts when the message is dispatched (all when it is null). Any thread.
   */
  public int broadcast(
      Protocol protocol, boolean text, ByteBuffer payload, BroadcastFilter filter) {
    int length = payload.remaining();
    ByteBuffer buffer = broadcastPool.acquire();
    if (buffer == null) {
      broadcastsSkipped++;
      return WebSocketConnection.BACK_PRESSURED;
    }
    int encoded = SharedMessage.encode(buffer, text, payload, config.maxMessageBytes());
    if (encoded < 0) {
      broadcastPool.release(buffer);
      return WebSocketConnection.TOO_BIG;
    }
    int index = broadcastPool.indexOf(buffer);
    SharedMessage message = sharedMessages[index];
    if (message == null || message.bytes != buffer) {
      message = new SharedMessage(buffer, index, broadcastPool); // once per pool buffer
      sharedMessages[index] = message;
    }
    message.prepare(encoded, protocol, filter);
    if (Thread.currentThread() == serviceThread) {
      dispatch(message);
    } else if (!broadcasts.offer(message)) {
      broadcastPool.release(buffer);
      broadcastsSkipped++;
      return WebSocketConnection.BACK_PRESSURED;
    } else {
      selector.wakeup();
    }
    return length;
  }

  private void dispatch(SharedMessage message) {
    for (Connection c : slots) {
      if (c.isBound()
          && c.webSocket
          && c.ws.protocol == message.protocol
          && accepts(message.filter, c)) {
        c.ws.offer(message);
        updateInterest(c);
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
      handlerErrors++;
      LOG.log(System.Logger.Level.ERROR, "broadcast filter failed; connection skipped", e);
      return false;
    }
  }

  /** A deferred response was completed (any thread): the next pass writes it. */
  private void deferralCompleted() {
    deferralsCompleted = true;
    selector.wakeup();
  }

  /** Runs {@code task} on the service thread soon; false when the task ring is full. */
  public boolean execute(Runnable task) {
    if (!tasks.offer(task)) {
      return false;
    }
    selector.wakeup();
    return true;
  }

  private void runHandoffs() {
    if (deferralsCompleted) {
      deferralsCompleted = false; // before the scan: a completion racing it sets it again
      for (Connection c : slots) {
        Deferral d = c.awaiting;
        if (d != null && c.isBound() && d.isCompleted()) {
          work++;
          settleDeferred(c);
        }
      }
    }
    SharedMessage message;
    while ((message = broadcasts.poll()) != null) {
      work++;
      dispatch(message);
    }
    Runnable task;
    while ((task = tasks.poll()) != null) {
      work++;
      try {
        task.run();
      } catch (RuntimeException e) {
        handlerErrors++;
        LOG.log(System.Logger.Level.ERROR, "service task failed", e);
      }
    }
  }

  /** Every open WebSocket connection of {@code protocol} gets one {@code onWritable}. */
  public void requestWritableAll(Protocol protocol) {
    checkServiceThread();
    for (Connection c : slots) {
      if (c.isBound() && c.webSocket && c.ws.protocol == protocol) {
        c.ws.requestWritable();
      }
    }
  }

  // ---- deadlines

  /**
   * Moves the connection's deadline to {@code timeoutNanos} from now, and the loop's next wake-up
   * with it when that is sooner (a deadline can get shorter: handshake timeout to idle timeout).
   */
  private void setDeadline(Connection c, long timeoutNanos) {
    c.deadlineNanos = System.nanoTime() + timeoutNanos;
    if (c.deadlineNanos - nextDeadline < 0) {
      nextDeadline = c.deadlineNanos;
    }
  }

  private void expireDeadlines(long now) {
    if (nextDeadline == Long.MAX_VALUE || now - nextDeadline < 0) {
      return;
    }
    long next = Long.MAX_VALUE;
    for (Connection c : slots) {
      if (!c.isBound()) {
        continue;
      }
      if (now - c.deadlineNanos >= 0) {
        work++;
        onDeadline(c);
      }
      if (c.isBound() && (next == Long.MAX_VALUE || c.deadlineNanos - next < 0)) {
        next = c.deadlineNanos;
      }
    }
    nextDeadline = next;
  }

  private void onDeadline(Connection c) {
    if (c.awaiting != null) {
      settleDeferred(c); // the answer if it just came, else the timeout answer
      return;
    }
    if (c.ws != null && c.webSocket && c.ws.state == WebSocketSession.State.FAILED) {
      close(c); // the linger after a violation is over
      return;
    }
    if (c.webSocket && c.ws.state == WebSocketSession.State.OPEN && c.ws.keepAlivePing()) {
      setDeadline(c, idleTimeoutNanos);
      try {
        flush(c);
      } catch (IOException e) {
        close(c);
      }
      return;
    }
    timedOut++;
    close(c);
  }

  // ---- closing

  private void close(Connection c) {
    if (!c.isBound()) {
      return;
    }
    if (c.webSocket) {
      WebSocketSession ws = c.ws;
      ws.clearOutput();
      messagePool.release(ws.takeMessageBuffer());
      int code = ws.reportedCloseCode();
      String reason = ws.reportedCloseReason();
      ws.state = WebSocketSession.State.CLOSED;
      if (c.writablePending) {
        c.writablePending = false;
        writablePending--;
      }
      try {
        ws.handler().onClose(ws.handle(), code, reason);
      } catch (RuntimeException e) {
        handlerErrors++;
        LOG.log(System.Logger.Level.ERROR, "onClose failed", e);
      }
      ws.end(); // the handle goes inert before the slot can serve anyone else
    }
    upgrades.cancel(c);
    if (c.awaiting != null) {
      c.awaiting.drop(); // the answering thread's completion becomes a no-op
      c.awaiting = null;
    }
    if (c.tls != null && c.in == c.tls) {
      c.tls.unbind();
    }
    admission.release(c.remote.getAddress());
    c.key.cancel();
    closeQuietly(c.channel);
    rxPool.release(c.rx);
    txPool.release(c.tx);
    c.unbind();
    free[freeCount++] = c.index;
    open--;
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that failed: there is nobody left to tell.
    }
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
    boolean anyWebSocket = false;
    for (Connection c : slots) {
      if (c.isBound() && c.webSocket) {
        c.ws.goingAway();
        c.closeAfterFlush = false;
        try {
          flush(c);
        } catch (IOException e) {
          close(c);
        }
        anyWebSocket |= c.isBound();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
    while (anyWebSocket && System.nanoTime() - deadline < 0) {
      try {
        selector.select(onReady, 20);
      } catch (IOException | ClosedSelectorException e) {
        break;
      }
      anyWebSocket = false;
      for (Connection c : slots) {
        anyWebSocket |= c.isBound() && c.webSocket;
      }
    }
    for (Connection c : slots) {
      close(c);
    }
    protocolErrors.summarize();
    SharedMessage pending;
    while ((pending = broadcasts.poll()) != null) {
      pending.releaseIfUnused();
    }
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the listening socket: " + e.getMessage());
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the selector: " + e.getMessage());
    }
  }

  // ---- counters

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  /** Clients refused with 503 because every slot or message buffer was taken. */
  public long refusedConnections() {
    return refused + upgrades.refusedForMemory();
  }

  /** Connections dropped by a timeout (handshake, idle without pong, close not answered). */
  public long timedOutConnections() {
    return timedOut;
  }

  /** Deferred HTTP responses not completed by their deadline (answered by the server). */
  public long deferredTimeouts() {
    return deferredTimeouts;
  }

  /** Handler exceptions (HTTP ones answered with 500). */
  public long handlerErrors() {
    return handlerErrors;
  }

  /** Connections failed for a protocol violation. */
  public long protocolErrors() {
    return protocolErrors.total();
  }

  /** Protocol violations by peer address, most first (the addresses with the most). */
  public Map<InetAddress, Long> protocolErrorsByPeer() {
    return protocolErrors.byPeer();
  }

  /** Clients refused with 429 because their address held its share of the slots. */
  public long refusedPerAddress() {
    return refusedPerAddress;
  }

  /** Unfinished request heads closed to make room for a newcomer when every slot was taken. */
  public long shedConnections() {
    return shed;
  }

  /** Broadcasts not sent because every broadcast buffer was in flight. */
  public long broadcastsSkipped() {
    return broadcastsSkipped;
  }

  @Override
  public String name() {
    return "connection slots";
  }

  @Override
  public int capacity() {
    return slots.length;
  }

  @Override
  public int itemBytes() {
    return 0;
  }

  @Override
  public int inUse() {
    return open;
  }

  /** The config this loop was built from. */
  public ServerConfig config() {
    return config;
  }
}
