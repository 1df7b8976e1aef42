package io.lightwire.testsupport;

import java.security.KeyStore;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An independent WebSocket server for tests: Jetty 12 on {@code 127.0.0.1}, an ephemeral port, with
 * the endpoints the test maps, over plain TCP or TLS. At most 16 threads. {@link #close()} stops
 * it.
 */
public final class LoopbackJetty implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;

  private LoopbackJetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts Jetty with {@code endpoints} configuring its WebSocket container (mappings, limits). */
  public static LoopbackJetty start(Consumer<ServerWebSocketContainer> endpoints) throws Exception {
    return start(null, null, endpoints);
  }

  /**
   * Starts Jetty over TLS with the key in {@code keyStore} (password {@code password}). Jetty's own
   * SNI and Host checks are off: tests connect by IP on purpose (wrong-host tests).
   */
  public static LoopbackJetty startTls(
      KeyStore keyStore, String password, Consumer<ServerWebSocketContainer> endpoints)
      throws Exception {
    return start(keyStore, password, endpoints);
  }

  private static LoopbackJetty start(
      KeyStore keyStore, String password, Consumer<ServerWebSocketContainer> endpoints)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("loopback-jetty");
    Server server = new Server(threads);
    ServerConnector connector;
    if (keyStore == null) {
      connector = new ServerConnector(server);
    } else {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keyStore);
      ssl.setKeyStorePassword(password);
      ssl.setSniRequired(false);
      HttpConfiguration http = new HttpConfiguration();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server, endpoints));
    server.start();
    return new LoopbackJetty(server, connector);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops Jetty; a failure to stop fails the test. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
