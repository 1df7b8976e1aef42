package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpRequestParser;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.ServerConfig;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's duty cycle: one selector for the listening socket and every connection. {@link
 * #service(long)} does one pass (accept, read, parse, answer, write, expire deadlines) and returns
 * the amount of work done, so a caller can idle when it is 0.
 *
 * <p>Thread rule: every method but {@link #wakeup()} and the counters runs on the one thread that
 * pumps the loop.
 */
public final class ServiceLoop implements Pool {

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** Accepts at most this many clients per pass, so a connection storm cannot starve the rest. */
  private static final int MAX_ACCEPTS_PER_PASS = 64;

  private static final byte[] REFUSAL =
      ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerConfig config;
  private final HttpHandler handler;
  private final BufferPool rxPool;
  private final BufferPool txPool;
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
  private boolean closed;

  private volatile int open;
  private volatile long refused;
  private volatile long timedOut;
  private volatile long handlerErrors;

  /**
   * Binds the listening socket and prepares every slot.
   *
   * @throws IOException when the address cannot be bound (in use, not local, no permission)
   */
  public ServiceLoop(ServerConfig config, BufferPool rxPool, BufferPool txPool, HttpHandler handler)
      throws IOException {
    this.config = config;
    this.handler = handler;
    this.rxPool = rxPool;
    this.txPool = txPool;
    this.handshakeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis());
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
    this.slots = new Connection[config.maxConnections()];
    this.free = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Connection(i, config.maxHeaderBytes());
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

  /** The bound address (with the real port when the config asked for port 0). */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /**
   * One pass of the loop.
   *
   * @param timeoutMillis how long to wait for something to do: 0 returns at once, a negative value
   *     waits until there is work (deadlines still wake it)
   * @return the amount of work done: connections accepted, sockets served, connections expired
   */
  public int service(long timeoutMillis) throws IOException {
    if (closed) {
      return 0;
    }
    work = 0;
    long wait = timeoutMillis;
    if (nextDeadline != Long.MAX_VALUE) {
      long untilDeadline =
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDeadline - System.nanoTime()) + 1);
      wait = wait < 0 ? untilDeadline : Math.min(wait, untilDeadline);
    }
    try {
      if (wait == 0) {
        selector.selectNow(onReady);
      } else if (wait < 0) {
        selector.select(onReady);
      } else {
        selector.select(onReady, wait);
      }
    } catch (ClosedSelectorException e) {
      return work;
    }
    expireDeadlines(System.nanoTime());
    return work;
  }

  /** Makes a blocked {@link #service(long)} return; safe from any thread. */
  public void wakeup() {
    selector.wakeup();
  }

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
        if (c.isBound() && !c.hasPendingOutput() && c.rx.position() > 0) {
          processInput(c);
        }
      }
      if (key.isValid() && key.isReadable()) {
        read(c);
      }
    } catch (IOException e) {
      close(c); // the peer went away or reset: nothing to report to anyone
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
      if (freeCount == 0 || closed) {
        refuse(socket);
        continue;
      }
      ByteBuffer rx = rxPool.acquire();
      ByteBuffer tx = txPool.acquire();
      if (rx == null || tx == null) {
        rxPool.release(rx);
        txPool.release(tx);
        refuse(socket);
        continue;
      }
      Connection c = slots[free[--freeCount]];
      try {
        socket.configureBlocking(false);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = socket.register(selector, SelectionKey.OP_READ, c);
        c.bind(socket, key, rx, tx);
        c.remote = (InetSocketAddress) socket.getRemoteAddress();
      } catch (IOException e) {
        rxPool.release(rx);
        txPool.release(tx);
        free[freeCount++] = c.index;
        closeQuietly(socket);
        continue;
      }
      open++;
      setDeadline(c, handshakeTimeoutNanos);
    }
  }

  /** Past the slot limit: 503 with Retry-After from a preallocated response, then close. */
  private void refuse(SocketChannel socket) {
    refused++;
    try {
      socket.configureBlocking(false);
      refusal.clear();
      socket.write(refusal);
    } catch (IOException e) {
      // The client is gone already; closing is all that is left.
    }
    closeQuietly(socket);
  }

  private void read(Connection c) throws IOException {
    if (!c.rx.hasRemaining()) {
      return; // a full buffer is answered by processInput before we read again
    }
    int n = c.channel.read(c.rx);
    if (n < 0) {
      close(c);
      return;
    }
    if (n > 0) {
      processInput(c);
    }
  }

  /** Answers every complete request in the receive buffer, stopping when output backs up. */
  private void processInput(Connection c) throws IOException {
    while (c.isBound() && c.rx.position() > 0 && !c.hasPendingOutput()) {
      int status = c.parser.parse(c.rx, c.rx.position());
      if (status == HttpRequestParser.NEED_MORE) {
        if (!c.rx.hasRemaining()) {
          respondError(c, c.parser.headEnd() < 0 ? 431 : 413);
        }
        return;
      }
      if (status != HttpRequestParser.COMPLETE) {
        respondError(c, status);
        return;
      }
      c.awaitingFirstRequest = false;
      answer(c);
      int end = c.parser.requestEnd();
      c.rx.limit(c.rx.position()).position(end);
      c.rx.compact();
      c.parser.reset();
      flush(c);
    }
  }

  private void answer(Connection c) {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    boolean keepAlive = exchange.keepAlive() && !closed;
    boolean head = exchange.methodIs("HEAD");
    try {
      handler.onRequest(exchange, exchange);
    } catch (RuntimeException e) {
      handlerErrors++;
      LOG.log(System.Logger.Level.ERROR, "HTTP handler failed for " + exchange.path(), e);
      exchange.begin(c.rx, c.remote);
      exchange.status(500).body("text/plain", "internal server error\n");
    }
    queueResponse(c, exchange, keepAlive, head);
  }

  private void respondError(Connection c, int status) throws IOException {
    HttpExchange exchange = c.exchange;
    exchange.begin(c.rx, c.remote);
    exchange.status(status).body("text/plain", status + " " + reasonLine(status) + "\n");
    if (status == 505) {
      exchange.header("Upgrade", "HTTP/1.1");
    }
    queueResponse(c, exchange, false, false);
    c.rx.clear(); // nothing after a bad request can be trusted to be framed right
    flush(c);
  }

  private static String reasonLine(int status) {
    return io.lightwire.websock.internal.http.HttpStatus.reason(status);
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

  /** Writes what is queued; switches interest to write while output backs up. */
  private void flush(Connection c) throws IOException {
    c.tx.flip();
    long written;
    if (c.pendingBody != null) {
      c.gather[0] = c.tx;
      c.gather[1] = c.pendingBody;
      written = c.channel.write(c.gather);
      c.gather[0] = null;
      c.gather[1] = null;
    } else {
      written = c.channel.write(c.tx);
    }
    c.tx.compact();
    if (written > 0) {
      extendDeadline(c, idleTimeoutNanos);
    }
    if (c.hasPendingOutput()) {
      c.key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    c.pendingBody = null;
    if (c.closeAfterFlush) {
      close(c);
      return;
    }
    c.key.interestOps(SelectionKey.OP_READ);
  }

  private void setDeadline(Connection c, long timeoutNanos) {
    c.deadlineNanos = System.nanoTime() + timeoutNanos;
    if (c.deadlineNanos - nextDeadline < 0) {
      nextDeadline = c.deadlineNanos;
    }
  }

  private void extendDeadline(Connection c, long timeoutNanos) {
    c.deadlineNanos = System.nanoTime() + timeoutNanos;
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
        timedOut++;
        work++;
        close(c);
      } else if (next == Long.MAX_VALUE || c.deadlineNanos - next < 0) {
        next = c.deadlineNanos;
      }
    }
    nextDeadline = next;
  }

  private void close(Connection c) {
    if (!c.isBound()) {
      return;
    }
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

  /** Closes every connection, the listening socket and the selector. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Connection c : slots) {
      close(c);
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

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  /** Clients refused with 503 because every slot was taken. */
  public long refusedConnections() {
    return refused;
  }

  /** Connections dropped by the handshake or idle timeout. */
  public long timedOutConnections() {
    return timedOut;
  }

  /** Handler exceptions (each answered with 500). */
  public long handlerErrors() {
    return handlerErrors;
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
