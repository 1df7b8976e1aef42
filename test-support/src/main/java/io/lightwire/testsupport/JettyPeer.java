package io.lightwire.testsupport;

import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * An independent RFC 6455 server for interop tests: Jetty 12's WebSocket server on 127.0.0.1 and an
 * ephemeral port, path {@code /echo}. It echoes text and binary messages (Jetty reassembles
 * fragments), and obeys commands sent as text: {@code cmd:frag} (send a text message as three
 * fragments), {@code cmd:binfrag}, {@code cmd:ping}, {@code cmd:close:CODE:REASON}. It records what
 * it saw (closes, pongs, the request's headers) in {@link #events}.
 */
public final class JettyPeer implements AutoCloseable {

  public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final LoopbackJetty jetty;

  private JettyPeer(KeyStore keyStore) throws Exception {
    Consumer<ServerWebSocketContainer> endpoints =
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
        };
    jetty =
        keyStore == null
            ? LoopbackJetty.start(endpoints)
            : LoopbackJetty.startTls(keyStore, "secret", endpoints);
  }

  public static JettyPeer start() throws Exception {
    return new JettyPeer(null);
  }

  public static JettyPeer startTls(KeyStore keyStore) throws Exception {
    return new JettyPeer(keyStore);
  }

  public int port() {
    return jetty.port();
  }

  @Override
  public void close() {
    jetty.close();
  }
}
