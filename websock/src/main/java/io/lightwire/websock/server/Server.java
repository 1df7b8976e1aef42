package io.lightwire.websock.server;

import io.lightwire.websock.internal.server.ServiceLoop;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A small HTTP/1.1 and WebSocket server on one NIO selector loop, with every slot and buffer taken
 * from static pools sized at construction (libwebsockets' context, Barracuda's server). Frames and
 * messages are limited to {@link ServerConfig#maxMessageBytes()} (at most 0xFFFF bytes); larger
 * outgoing messages go out as fragments.
 *
 * <p>Two ways to run it, as in libwebsockets: pump {@link #service(long)} from the application's
 * own loop, or call {@link #start()} to run the loop on a thread of its own. Either way there is
 * one service thread; handlers run on it and must not block.
 */
public final class Server implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.lightwire.websock.server");

  /** How long a started loop waits in one pass when nothing happens, in milliseconds. */
  private static final long IDLE_PASS_MILLIS = 1_000;

  private final ServiceLoop loop;
  private final ServerMemory memory;
  private final List<Protocol> protocols;
  private Thread thread;
  private volatile boolean stopping;

  private Server(ServiceLoop loop, ServerMemory memory, List<Protocol> protocols) {
    this.loop = loop;
    this.memory = memory;
    this.protocols = protocols;
  }

  /** Starts describing a server listening as {@code config} says. */
  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /**
   * Opens an HTTP-only server with buffers sized from {@code config}.
   *
   * @throws IOException when the address cannot be bound; the message names it
   */
  public static Server open(ServerConfig config, HttpHandler handler) throws IOException {
    return builder(config).http(handler).open();
  }

  /**
   * Opens an HTTP-only server on memory the caller allocated (the firmware's memory plan).
   *
   * @throws IllegalArgumentException when the pools do not fit the config
   * @throws IOException when the address cannot be bound; the message names it
   */
  public static Server open(ServerConfig config, ServerMemory memory, HttpHandler handler)
      throws IOException {
    return builder(config).memory(memory).http(handler).open();
  }

  /** Collects what a server serves, then {@link #open()}s it. */
  public static final class Builder {
    private final ServerConfig config;
    private ServerMemory memory;
    private HttpHandler http = HttpHandler.notFound();
    private final List<Protocol> protocols = new ArrayList<>();
    private UpgradeFilter filter = UpgradeFilter.acceptAll();
    private ServerTls tls;
    private LongSupplier nanoClock = System::nanoTime;
    private boolean reusePort;

    private Builder(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The pools to run in; by default they are allocated from the config. */
    public Builder memory(ServerMemory pools) {
      this.memory = pools;
      return this;
    }

    /** The handler of plain HTTP requests (404 for everything by default). */
    public Builder http(HttpHandler handler) {
      this.http = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Adds a WebSocket protocol to the table; names must be unique. */
    public Builder protocol(Protocol protocol) {
      for (Protocol p : protocols) {
        if (p.name().equals(protocol.name())) {
          throw new IllegalArgumentException("protocol " + protocol.name() + " is already added");
        }
      }
      protocols.add(protocol);
      return this;
    }

    /** Decides which upgrades may go ahead (all by default). */
    public Builder upgradeFilter(UpgradeFilter upgradeFilter) {
      this.filter = Objects.requireNonNull(upgradeFilter, "upgradeFilter");
      return this;
    }

    /** Serves {@code wss://} and {@code https://} only, with this TLS setup. */
    public Builder tls(ServerTls serverTls) {
      this.tls = Objects.requireNonNull(serverTls, "tls");
      return this;
    }

    /**
     * The clock every server deadline reads (handshake, idle and close timeouts, the linger after a
     * violation, deferred answers, the stop's grace, the protocol-error log window), in nanoseconds
     * on {@link System#nanoTime()}'s scale: only differences count, and they are compared by
     * subtraction, so the count may wrap. {@code System::nanoTime} by default; meant for tests,
     * which pass a clock they move by hand. Read on the service thread (and the thread that stops
     * the server when it pumps the loop itself). On a clock that stands still, {@link
     * Server#stop()} waits until every WebSocket peer has answered its 1001 close.
     *
     * <p>The loop reads the clock in each pass and, between passes, waits in its selector at most
     * until the next deadline by this clock. A clock moved by hand does not wake it: after a step,
     * a test makes the loop look again with {@link Server#execute}; the deadlines that passed are
     * acted on in the pass that runs the task, after it (a task queued by that task runs in the
     * next pass, so its completion means they were).
     */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock, "nanoClock");
      return this;
    }

    /**
     * Whether the listening socket sets {@code SO_REUSEPORT} (default false), so that several
     * servers, each with its own service thread, selector and memory, can listen on the same
     * address and port: the shared-nothing way to use more than one core, as nginx's workers do.
     * Every server on the port must set it (Linux also wants them run by the same user); without it
     * a second bind on a used port fails as usual. Open the first server with the wanted port (or
     * 0) and the others with the port it got ({@link Server#localPort()}).
     *
     * <p>The kernel hands each new connection to one of the listeners by a hash of the connection's
     * addresses and ports, not by load: the connections are not balanced, so size each server's
     * {@link ServerConfig#maxConnections()} with headroom above its even share. A connection past a
     * server's limit gets that server's 503 even when another has free slots. Connections still
     * waiting in a listener's accept queue when its server stops are reset. {@link #open()} fails,
     * naming the option, where the platform has no {@code SO_REUSEPORT}.
     */
    public Builder reusePort(boolean share) {
      this.reusePort = share;
      return this;
    }

    /**
     * Binds the listening socket and prepares every slot. The server does not serve until {@link
     * Server#start()} or {@link Server#service(long)}.
     *
     * @throws IllegalArgumentException when the pools do not fit the config
     * @throws IOException when the address cannot be bound (the message names it), or {@link
     *     #reusePort} is asked for where the platform lacks it
     */
    public Server open() throws IOException {
      ServerMemory pools = memory != null ? memory : ServerMemory.allocate(config, tls);
      pools.checkFits(config, tls);
      try {
        return new Server(
            new ServiceLoop(config, pools, http, protocols, filter, tls, nanoClock, reusePort),
            pools,
            List.copyOf(protocols));
      } catch (BindException e) {
        throw new BindException(
            "cannot listen on "
                + config.bindAddress()
                + ":"
                + config.port()
                + ": "
                + e.getMessage());
      }
    }
  }

  /**
   * Serves pending work once: accepts, reads, answers and writes. Call it from one thread only.
   *
   * @param timeoutMillis 0 returns at once when there is nothing to do; a positive value waits at
   *     most that long for work; a negative value waits until there is some
   * @return the amount of work done (0 when the pass was idle)
   */
  public int service(long timeoutMillis) throws IOException {
    return loop.service(timeoutMillis);
  }

  /**
   * Runs the service loop on a thread of its own named {@code lightwire-service}.
   *
   * @throws IllegalStateException when already started or stopped
   */
  public synchronized void start() {
    if (thread != null || stopping) {
      throw new IllegalStateException("server already started or stopped");
    }
    thread = Thread.ofPlatform().name("lightwire-service").unstarted(this::runLoop);
    thread.start();
  }

  private void runLoop() {
    try {
      while (!stopping) {
        try {
          loop.service(IDLE_PASS_MILLIS);
        } catch (IOException e) {
          // The selector itself failed: log and keep serving, as a duty cycle should.
          LOG.log(System.Logger.Level.ERROR, "service loop pass failed", e);
        }
      }
    } finally {
      loop.close();
    }
  }

  /**
   * Stops the server: WebSocket clients get close 1001, every connection closes, every slot and
   * buffer is freed, and the service thread (when {@link #start()} made one) is joined. Idempotent.
   * Without a service thread, call it from the thread that pumps {@link #service(long)}.
   */
  public void stop() {
    Thread running;
    synchronized (this) {
      stopping = true;
      running = thread;
    }
    if (running == null) {
      loop.close();
      return;
    }
    loop.wakeup();
    if (running == Thread.currentThread()) {
      return; // called from a handler: the loop closes everything when this pass ends
    }
    boolean interrupted = false;
    while (running.isAlive()) {
      try {
        running.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Sends {@code payload} (position to limit; consumed) to every open connection of {@code
   * protocol}: encoded once into a broadcast buffer, fragmented when larger than the frame limit,
   * and written from that one buffer to each connection. Each connection's transmit queue applies
   * the protocol's {@link QueuePolicy}. Safe from any thread.
   *
   * @return payload bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast
   *     buffer is in flight (nothing was queued), or {@link WebSocketConnection#TOO_BIG} when the
   *     encoded message is larger than a broadcast buffer
   */
  public int broadcast(Protocol protocol, boolean text, ByteBuffer payload) {
    if (!protocols.contains(protocol)) {
      throw new IllegalArgumentException("protocol " + protocol.name() + " is not served here");
    }
    return loop.broadcast(protocol, text, payload, null);
  }

  /**
   * As {@link #broadcast(Protocol, boolean, ByteBuffer)}, but only connections that {@code filter}
   * accepts (asked on the service thread when the message is dispatched) queue the message. The
   * filter object is kept until then, so pass one made once, not a new lambda per message.
   */
  public int broadcast(
      Protocol protocol, boolean text, ByteBuffer payload, BroadcastFilter filter) {
    if (!protocols.contains(protocol)) {
      throw new IllegalArgumentException("protocol " + protocol.name() + " is not served here");
    }
    return loop.broadcast(protocol, text, payload, Objects.requireNonNull(filter, "filter"));
  }

  /**
   * Sends one part of a streamed HTTP body to every open {@link HttpStream} of {@code streams} that
   * {@link HttpStreamHandler#accept accepts} it: {@code parts} (each from position to limit,
   * consumed) are copied once, one after the other, into one broadcast buffer, and every stream
   * queues a reference to that buffer, keeping the newest {@link HttpStreamHandler#queueDepth()}
   * parts. Pass an array made once: nothing is allocated per call. Safe from any thread.
   *
   * @return bytes accepted, {@link WebSocketConnection#BACK_PRESSURED} when every broadcast buffer
   *     is in flight (nothing was queued), or {@link WebSocketConnection#TOO_BIG} when the part is
   *     larger than a broadcast buffer
   */
  public int publish(HttpStreamHandler streams, ByteBuffer[] parts) {
    return loop.publish(Objects.requireNonNull(streams, "streams"), parts);
  }

  /** Streamed HTTP responses open now ({@link HttpResponse#stream}). */
  public int openStreams() {
    return loop.openStreams();
  }

  /** As {@link #broadcast(Protocol, boolean, ByteBuffer)}, naming the protocol. */
  public int broadcast(String protocolName, boolean text, ByteBuffer payload) {
    return broadcast(protocol(protocolName), text, payload);
  }

  /** The served protocol named {@code name}. */
  public Protocol protocol(String name) {
    for (Protocol p : protocols) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no protocol named " + name);
  }

  /**
   * Runs {@code task} on the service thread soon, in the order given, and wakes the loop; false
   * when too many tasks wait already. A task queued by a task runs in the next pass.
   */
  public boolean execute(Runnable task) {
    return loop.execute(task);
  }

  /** Asks for one {@code onWritable} per open connection of {@code protocol}; service thread. */
  public void requestWritableAll(Protocol protocol) {
    loop.requestWritableAll(protocol);
  }

  /** The address the server listens on, with the real port when the config asked for 0. */
  public InetSocketAddress localAddress() {
    try {
      return loop.localAddress();
    } catch (IOException e) {
      throw new UncheckedIOException("server is closed", e);
    }
  }

  /** The port the server listens on. */
  public int localPort() {
    return localAddress().getPort();
  }

  /** The connection slots as a pool: capacity is the connection limit, in use the open ones. */
  public Pool connectionSlots() {
    return loop.connectionSlots();
  }

  /** The TLS buffers (three per slot), or empty when the server has no TLS. */
  public java.util.Optional<Pool> tlsBuffers() {
    return java.util.Optional.ofNullable(loop.tlsBuffers());
  }

  /** The pools the server runs on. */
  public ServerMemory memory() {
    return memory;
  }

  /**
   * Every pool the server runs on, each under its own name: the connection slots, the {@link
   * ServerMemory} buffers and, with TLS, the TLS buffers. Each is back to zero in use after {@link
   * #stop()}.
   */
  public List<Pool> pools() {
    List<Pool> all = new ArrayList<>();
    all.add(connectionSlots());
    all.add(memory.rxBuffers());
    all.add(memory.txBuffers());
    all.add(memory.messageBuffers());
    all.add(memory.broadcastBuffers());
    tlsBuffers().ifPresent(all::add);
    return List.copyOf(all);
  }

  /** The server's event counters (refusals, timeouts, errors, skipped broadcasts); any thread. */
  public ServerCounters counters() {
    return loop.counters();
  }

  /** How many peer addresses {@link ServerCounters#protocolErrorsByPeer()} keeps. */
  public static final int PROTOCOL_ERROR_PEERS = 32;

  /** True once the server has stopped and released everything. */
  public boolean isStopped() {
    return loop.isClosed();
  }
}
