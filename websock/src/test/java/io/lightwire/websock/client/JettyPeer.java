package io.lightwire.websock.client;

import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An independent RFC 6455 server for interop tests: Jetty 12's WebSocket server on 127.0.0.1 and an
 * ephemeral port, path {@code /echo}. It echoes text and binary messages (Jetty reassembles
 * fragments), and obeys commands sent as text: {@code cmd:frag} (send a text message as three
 * fragments), {@code cmd:binfrag}, {@code cmd:ping}, {@code cmd:close:CODE:REASON}. It records what
 * it saw (closes, pongs, the request's headers) in {@link #events}.
 */
final class JettyPeer implements AutoCloseable {

  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final Server server;
  private final ServerConnector connector;

  private JettyPeer(KeyStore keyStore) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("jetty-peer");
    server = new Server(threads);
    if (keyStore == null) {
      connector = new ServerConnector(server);
    } else {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keyStore);
      ssl.setKeyStorePassword("secret");
      ssl.setSniRequired(false);
      // The test connects by IP on purpose (wrong-host tests), so Jetty's own SNI/Host check is
      // off.
      HttpConfiguration http = new HttpConfiguration();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector = new ServerConnector(server, ssl, new HttpConnectionFactory(http));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(4 << 20);
              container.setMaxBinaryMessageSize(4 << 20);
              container.setIdleTimeout(Duration.ofSeconds(30));
              container.addMapping(
                  "/echo",
                  (request, response, callback) -> {
                    events.add("host " + request.getHeaders().get("Host"));
                    String origin = request.getHeaders().get("Origin");
                    if (origin != null) {
                      events.add("origin " + origin);
                    }
                    String extra = request.getHeaders().get("X-Lightwire");
                    if (extra != null) {
                      events.add("x-lightwire " + extra);
                    }
                    if (request.hasSubProtocol("chat.v2")) {
                      response.setAcceptedSubProtocol("chat.v2");
                    }
                    return new JettyEchoEndpoint(events);
                  });
            }));
    server.start();
  }

  static JettyPeer start() throws Exception {
    return new JettyPeer(null);
  }

  static JettyPeer startTls(KeyStore keyStore) throws Exception {
    return new JettyPeer(keyStore);
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
