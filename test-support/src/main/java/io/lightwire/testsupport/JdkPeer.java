package io.lightwire.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An independent WebSocket peer for the examples' tests: the JDK's {@code java.net.http.WebSocket}.
 * What it receives is collected by {@link JdkMessages}.
 */
public final class JdkPeer extends JdkMessages implements AutoCloseable {

  private final HttpClient http;

  /** The JDK socket, to send with. */
  public final WebSocket socket;

  private JdkPeer(String url, String origin, String subprotocol, SSLContext tls) throws Exception {
    HttpClient.Builder client = HttpClient.newBuilder();
    if (tls != null) {
      client.sslContext(tls);
    }
    http = client.build();
    try {
      WebSocket.Builder builder = http.newWebSocketBuilder();
      if (origin != null) {
        builder.header("Origin", origin);
      }
      if (subprotocol != null) {
        builder.subprotocols(subprotocol);
      }
      socket = builder.buildAsync(URI.create(url), this).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      http.close();
      throw e;
    }
  }

  /** Connects to {@code url} without an {@code Origin} header, as a non-browser client does. */
  public static JdkPeer connect(String url) throws Exception {
    return new JdkPeer(url, null, null, null);
  }

  /** Connects to {@code url} as a page from {@code origin} would. */
  public static JdkPeer connect(String url, String origin) throws Exception {
    return new JdkPeer(url, origin, null, null);
  }

  /**
   * Connects to {@code url} offering {@code subprotocol} (null: none) over {@code tls} (null: the
   * default context), without an {@code Origin} header.
   */
  public static JdkPeer connect(String url, String subprotocol, SSLContext tls) throws Exception {
    return new JdkPeer(url, null, subprotocol, tls);
  }

  /** The next message or event, waiting up to 20 s. */
  public Object next() throws InterruptedException {
    return next(20);
  }

  /** The next text message, skipping binary ones, waiting up to 20 s for each. */
  public String nextText() throws InterruptedException {
    while (true) {
      Object o = next();
      if (o instanceof String s) {
        return s;
      }
    }
  }

  @Override
  public void close() {
    socket.abort();
    http.close();
  }
}
