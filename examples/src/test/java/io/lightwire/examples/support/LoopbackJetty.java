package io.lightwire.examples.support;

import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An independent WebSocket server for the client examples' tests: Jetty on {@code 127.0.0.1}, a
 * free port, with the endpoints the test maps. {@link #close()} stops it.
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
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
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
