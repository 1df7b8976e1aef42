package io.lightwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the JDK's {@code java.net.http.WebSocket} receives, as whole messages and events in arrival
 * order: a text message as {@code String}, a binary one as {@code byte[]}, then {@code "pong N"}
 * (payload bytes), {@code "close CODE"} and {@code "error ..."}. The independent peer of the server
 * and example tests.
 */
public class JdkMessages implements WebSocket.Listener {

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

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
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    received.add("pong " + message.remaining());
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

  /** The next message or event, failing the test when none arrives within {@code seconds}. */
  public Object next(long seconds) throws InterruptedException {
    Object o = received.poll(seconds, TimeUnit.SECONDS);
    assertNotNull(o, "nothing received within " + seconds + " s");
    return o;
  }
}
