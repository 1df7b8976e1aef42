package io.lightwire.examples.testserver;

import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.PageServer;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerTls;
import java.io.IOException;

/**
 * libwebsockets' test server: the test page over HTTP ({@code test-server-web/} in the jar) and two
 * protocols, {@value DumbIncrement#NAME} and {@value Mirror#NAME} (also at the paths {@code
 * /dumb-increment} and {@code /mirror} without a subprotocol).
 *
 * <p>It runs the way the original's {@code main} does: the application pumps the server with {@link
 * Server#service(long)} from its own loop and, every {@value #TICK_MILLIS} ms, asks for a writable
 * callback on every dumb-increment connection. Everything, handlers included, runs on the thread
 * that calls {@link #serve(Lifetime)}.
 */
public final class TestServer {

  /** How often every dumb-increment connection is asked to become writable, in milliseconds. */
  public static final long TICK_MILLIS = 50;

  /** Connection slots: pages hold two WebSockets each. */
  public static final int MAX_CONNECTIONS = 32;

  /** The largest message, in bytes: a drawing command is about 40. Past it, close 1009. */
  static final int MAX_MESSAGE_BYTES = 4_096;

  /** Messages queued per connection; a mirror receiver past it misses messages (counted). */
  static final int QUEUE_DEPTH = 32;

  /** Broadcasts in flight: twice a queue, so that one stalled viewer cannot hold them all. */
  static final int BROADCAST_BUFFERS = 2 * QUEUE_DEPTH;

  private final Server server;
  private final Protocol dumbIncrement;
  private final Mirror mirror;

  private TestServer(Server server, Protocol dumbIncrement, Mirror mirror) {
    this.server = server;
    this.dumbIncrement = dumbIncrement;
    this.mirror = mirror;
  }

  /** The limits, listening on {@code bind}:{@code port}. */
  public static ServerConfig config(String bind, int port) {
    return PageServer.config(
        bind,
        port,
        MAX_CONNECTIONS,
        MAX_MESSAGE_BYTES,
        BROADCAST_BUFFERS,
        MAX_MESSAGE_BYTES + ServerConfig.MAX_FRAME_HEADER);
  }

  /**
   * Binds the server ({@code libwebsocket_create_context}); nothing is served until {@link
   * #serve(Lifetime)}.
   *
   * @param tls the TLS setup, or null for plain HTTP
   * @throws IOException when the address cannot be bound
   */
  public static TestServer open(ServerConfig config, ServerTls tls) throws IOException {
    Mirror mirror = new Mirror(config.maxMessageBytes());
    Protocol dumbIncrement =
        new Protocol(
            DumbIncrement.NAME,
            "/dumb-increment",
            new DumbIncrement(),
            QueuePolicy.REFUSE,
            QUEUE_DEPTH,
            DumbIncrement.Counter::new);
    Server.Builder builder =
        PageServer.builder(config, TestServer.class, "test-server-web", tls)
            .protocol(dumbIncrement)
            .protocol(
                new Protocol(
                    Mirror.NAME,
                    "/mirror",
                    mirror,
                    QueuePolicy.REFUSE,
                    QUEUE_DEPTH,
                    mirror::newSlot));
    Server server = builder.open();
    mirror.attach(server);
    return new TestServer(server, dumbIncrement, mirror);
  }

  /** The server underneath (its port, its pools). */
  public Server server() {
    return server;
  }

  /** Times a mirror sender was paused for back-pressure. Service thread, or after stopping. */
  public long mirrorPauses() {
    return mirror.pauses();
  }

  /**
   * Serves until {@code lifetime} asks to stop, then stops the server (clients get close 1001) on
   * this same thread, as a pumped server requires. Blocks.
   */
  public void serve(Lifetime lifetime) {
    long nextTick = System.nanoTime();
    try {
      while (!lifetime.stopRequested()) {
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          server.requestWritableAll(dumbIncrement);
          nextTick = now + TICK_MILLIS * 1_000_000L;
        }
        long waitMillis = Math.max(0, (nextTick - now + 999_999) / 1_000_000L);
        try {
          server.service(waitMillis);
        } catch (IOException e) {
          // The selector failed once; log-worthy but the loop keeps serving, as a duty cycle does.
          System.getLogger(TestServer.class.getName())
              .log(System.Logger.Level.ERROR, "service pass failed", e);
        }
        mirror.retryPending();
      }
    } finally {
      // An interrupt would close the channels under the close frames: clear it while stopping.
      boolean interrupted = Thread.interrupted();
      server.stop();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
