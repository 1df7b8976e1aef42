package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An independent WebSocket peer for the examples' tests: the JDK's {@code java.net.http.WebSocket}.
 * Whole messages arrive as {@code String} (text) or {@code byte[]} (binary); a close is recorded as
 * {@code "close CODE"}, an error as {@code "error ..."}.
 */
public final class JdkPeer implements WebSocket.Listener, AutoCloseable {

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
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

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      received.add(text.toString());
      text.setLength(0);
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.writeBytes(bytes);
    if (last) {
      received.add(binary.toByteArray());
      binary.reset();
    }
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    received.add("close " + statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    received.add("error " + error);
  }

  /** The next message or event, waiting up to 20 s. */
  public Object next() throws InterruptedException {
    Object o = received.poll(20, TimeUnit.SECONDS);
    assertNotNull(o, "nothing received within 20 s");
    return o;
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
