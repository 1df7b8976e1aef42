package io.lightwire.examples.echo;

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
 * An independent client for the echo-server tests: the JDK's {@code java.net.http.WebSocket}. It
 * joins what it receives into whole messages ({@code String} for text, {@code byte[]} for binary)
 * and records a close as {@code "close CODE"}.
 */
final class JdkEchoPeer implements WebSocket.Listener, AutoCloseable {

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private final HttpClient http;
  final WebSocket socket;

  private JdkEchoPeer(HttpClient http, String url, String subprotocol) throws Exception {
    this.http = http;
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    socket = builder.buildAsync(URI.create(url), this).get(20, TimeUnit.SECONDS);
  }

  static JdkEchoPeer connect(String url) throws Exception {
    return new JdkEchoPeer(HttpClient.newHttpClient(), url, null);
  }

  static JdkEchoPeer connect(String url, String subprotocol, SSLContext tls) throws Exception {
    HttpClient.Builder http = HttpClient.newBuilder();
    if (tls != null) {
      http.sslContext(tls);
    }
    return new JdkEchoPeer(http.build(), url, subprotocol);
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
  Object next() throws InterruptedException {
    Object o = received.poll(20, TimeUnit.SECONDS);
    assertNotNull(o, "nothing received within 20 s");
    return o;
  }

  @Override
  public void close() {
    socket.abort();
    http.close();
  }
}
