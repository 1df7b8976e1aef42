package io.lightwire.websock.internal.server;

import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The listening socket and who gets a slot: accepts clients, admits them (per-address limit,
 * shedding a slow-loris head when every slot is taken, see {@link Admission}), binds each to a free
 * slot with its pooled buffers, and refuses the rest with a preallocated {@code 503} or {@code
 * 429}. {@link #unbind} gives a slot and its buffers back when its connection ends.
 *
 * <p>Service thread only. An accepted client costs its socket and selection key (the JDK's), and
 * nothing of ours.
 */
final class Acceptor {

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** Accepts at most this many clients per pass, so a connection storm cannot starve the rest. */
  private static final int MAX_ACCEPTS_PER_PASS = 64;

  private static final byte[] REFUSAL =
      ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServiceLoop loop;
  private final Selector selector;
  private final ServerSocketChannel listener;
  private final SlotTable slots;
  private final Admission admission;
  private final BufferPool rxPool;
  private final BufferPool txPool;
  private final boolean tls;
  private final Counters counters;
  private final Deadlines deadlines;
  private final ByteBuffer refusal = ByteBuffer.allocateDirect(REFUSAL.length).put(REFUSAL);

  /**
   * Binds the listening socket to the config's address (with {@code SO_REUSEPORT} when {@code
   * reusePort} is set) and registers it with {@code selector}.
   *
   * @throws IOException when the address cannot be bound (in use, not local, no permission), or
   *     {@code reusePort} is set where the platform has no {@code SO_REUSEPORT}
   */
  Acceptor(
      ServiceLoop loop,
      ServerConfig config,
      Selector selector,
      SlotTable slots,
      BufferPool rxPool,
      BufferPool txPool,
      boolean tls,
      Counters counters,
      Deadlines deadlines,
      boolean reusePort)
      throws IOException {
    this.loop = loop;
    this.selector = selector;
    this.slots = slots;
    this.admission = new Admission(config.maxConnections(), config.connectionsPerAddressLimit());
    this.rxPool = rxPool;
    this.txPool = txPool;
    this.tls = tls;
    this.counters = counters;
    this.deadlines = deadlines;
    this.listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (reusePort) {
        requireSupported(listener.supportedOptions(), StandardSocketOptions.SO_REUSEPORT);
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  /**
   * Fails unless {@code option} is one of {@code supported} (a channel's {@code
   * supportedOptions()}): {@code SO_REUSEPORT} is missing on some platforms, and a server asked to
   * share its port must not quietly open without it.
   */
  static void requireSupported(Set<SocketOption<?>> supported, SocketOption<?> option)
      throws IOException {
    if (!supported.contains(option)) {
      throw new IOException(
          option.name()
              + " is not supported on this platform ("
              + System.getProperty("os.name")
              + "): a server cannot share its port here");
    }
  }

  /** The bound address (with the real port when the config asked for port 0). */
  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /** Accepts what is waiting (at most {@value #MAX_ACCEPTS_PER_PASS} clients). */
  void accept() {
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
      admit(socket);
    }
  }

  private void admit(SocketChannel socket) {
    InetSocketAddress remote = remoteOf(socket);
    if (remote == null || loop.isClosed()) {
      counters.countRefused();
      refuse(socket, refusal.clear());
      return;
    }
    if (!admission.admit(remote.getAddress())) {
      counters.countRefusedPerAddress();
      refuse(socket, admission.tooManyResponse());
      return;
    }
    if (!slots.hasFree()) {
      shedUnfinishedHead(remote.getAddress());
    }
    ByteBuffer rx = slots.hasFree() ? rxPool.acquire() : null;
    ByteBuffer tx = rx == null ? null : txPool.acquire();
    if (rx == null || tx == null) {
      rxPool.release(rx);
      admission.release(remote.getAddress());
      counters.countRefused();
      refuse(socket, refusal.clear());
      return;
    }
    Connection c = slots.take();
    try {
      socket.configureBlocking(false);
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SelectionKey key = socket.register(selector, SelectionKey.OP_READ, c);
      c.bind(socket, key, rx, tx, deadlines.now());
      c.remote = remote;
      if (c.tls != null) {
        if (!c.tls.bind(socket)) {
          throw new IOException("no TLS buffers free");
        }
        c.in = c.tls;
        c.countedOut.target(c.tls);
      }
    } catch (IOException e) {
      c.unbind();
      rxPool.release(rx);
      txPool.release(tx);
      admission.release(remote.getAddress());
      slots.give(c);
      closeQuietly(socket);
      return;
    }
    deadlines.handshake(c);
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
    Connection victim = admission.victim(slots.all(), newcomer);
    if (victim != null) {
      counters.countShed();
      loop.close(victim);
    }
  }

  /**
   * Refuses a client with a preallocated response ({@code 503} past the slot limit, {@code 429}
   * past the per-address limit), then closes. A TLS server just closes: answering would take a
   * handshake, and so the memory being refused.
   */
  private void refuse(SocketChannel socket, ByteBuffer response) {
    if (tls) {
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

  /**
   * The connection ended (its session already reported it): the socket closes and the slot, its
   * buffers and its address's admission go back.
   */
  void unbind(Connection c) {
    if (c.tls != null && c.in == c.tls) {
      c.tls.unbind();
    }
    admission.release(c.remote.getAddress());
    c.key.cancel();
    closeQuietly(c.channel);
    rxPool.release(c.rx);
    txPool.release(c.tx);
    c.unbind();
    slots.give(c);
  }

  /** Closes the listening socket (server stop). */
  void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the listening socket: " + e.getMessage());
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that failed: there is nobody left to tell.
    }
  }
}
