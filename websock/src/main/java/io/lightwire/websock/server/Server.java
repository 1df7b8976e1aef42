package io.lightwire.websock.server;

import io.lightwire.websock.internal.server.ServiceLoop;
import io.lightwire.websock.pool.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * A small HTTP/1.1 server on one NIO selector loop, with every slot and buffer taken from static
 * pools sized at construction (libwebsockets' context, Barracuda's server).
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
  private Thread thread;
  private volatile boolean stopping;

  private Server(ServiceLoop loop, ServerMemory memory) {
    this.loop = loop;
    this.memory = memory;
  }

  /**
   * Opens a server with buffers sized from {@code config}.
   *
   * @throws IOException when the address cannot be bound; the message names it
   */
  public static Server open(ServerConfig config, HttpHandler handler) throws IOException {
    return open(config, ServerMemory.allocate(config), handler);
  }

  /**
   * Opens a server on memory the caller allocated (the firmware's memory plan).
   *
   * @throws IllegalArgumentException when the pools are smaller than the config needs
   * @throws IOException when the address cannot be bound; the message names it
   */
  public static Server open(ServerConfig config, ServerMemory memory, HttpHandler handler)
      throws IOException {
    memory.checkFits(config);
    try {
      return new Server(
          new ServiceLoop(config, memory.rxBuffers(), memory.txBuffers(), handler), memory);
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage());
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
   * Stops the server: closes every connection, frees every slot and the listening socket, and joins
   * the service thread when {@link #start()} made one. Idempotent. Without a service thread, call
   * it from the thread that pumps {@link #service(long)}.
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
    return loop;
  }

  /** The pools the server runs on. */
  public ServerMemory memory() {
    return memory;
  }

  /** Clients refused with 503 because every slot was taken. */
  public long refusedConnections() {
    return loop.refusedConnections();
  }

  /** Connections dropped by the handshake or idle timeout. */
  public long timedOutConnections() {
    return loop.timedOutConnections();
  }

  /** True once the server has stopped and released everything. */
  public boolean isStopped() {
    return loop.isClosed();
  }
}
