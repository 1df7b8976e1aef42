package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.lightwire.testsupport.RawWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * An echoing handler that records every callback as a line, so tests read events in order; at
 * teardown the test asserts nothing is left unread.
 */
class Recorder implements WebSocketHandler {

  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final AtomicReference<WebSocketConnection> last = new AtomicReference<>();

  @Override
  public void onOpen(WebSocketConnection c) {
    last.set(c);
    events.add("open " + c.protocol().name());
  }

  @Override
  public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
    String content =
        text
            ? StandardCharsets.UTF_8.decode(payload.duplicate()).toString()
            : "" + payload.remaining();
    events.add((text ? "text " : "binary ") + content);
    if (text && content.equals("close-me")) {
      c.close(4000, "asked");
      return;
    }
    if (text && content.equals("more")) {
      c.requestWritable();
      return;
    }
    if (text && content.equals("pause")) {
      c.pauseReceive();
      return;
    }
    int sent = c.send(text, payload);
    if (sent < 0) {
      events.add("send failed " + sent);
    }
  }

  @Override
  public void onPing(WebSocketConnection c, ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    events.add("ping " + HexFormat.of().formatHex(bytes));
  }

  @Override
  public void onPong(WebSocketConnection c, ByteBuffer payload) {
    events.add("pong");
  }

  @Override
  public void onWritable(WebSocketConnection c) {
    events.add("writable");
    c.sendText("writable");
  }

  @Override
  public void onClose(WebSocketConnection c, int code, String reason) {
    events.add("close " + code + (reason.isEmpty() ? "" : " " + reason));
  }

  /** A started loopback server under {@code config} with this recorder as protocol "echo". */
  Server serveEcho(ServerConfig config) throws java.io.IOException {
    return serveEcho(config, System::nanoTime);
  }

  /** As {@link #serveEcho(ServerConfig)}, its deadlines on {@code nanoClock}. */
  Server serveEcho(ServerConfig config, LongSupplier nanoClock) throws java.io.IOException {
    Server server =
        Server.builder(config).protocol(Protocol.of("echo", this)).nanoClock(nanoClock).open();
    server.start();
    return server;
  }

  /** A raw client upgraded on {@code /} of {@code port}, its "open echo" event taken. */
  RawWebSocket openEcho(int port) throws Exception {
    RawWebSocket ws = RawWebSocket.open(port, "/", "");
    expect("open echo");
    return ws;
  }

  /**
   * The JDK's client on {@code /} of {@code port} with the echo protocol, its "open echo" taken.
   */
  WebSocket openJdkEcho(HttpClient http, int port, WebSocket.Listener listener) throws Exception {
    WebSocket ws =
        http.newWebSocketBuilder()
            .subprotocols("echo")
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), listener)
            .get(10, TimeUnit.SECONDS);
    expect("open echo");
    return ws;
  }

  /**
   * Stops {@code server} and checks what every test ends with: each pool back at zero in use, and
   * no event left unread.
   */
  void stopAndCheck(Server server) throws InterruptedException {
    server.stop(); // joins the service thread, so every callback it made is recorded
    Pools.assertAllFree(server);
    assertEquals("[]", events.toString(), "unread events");
  }

  /** Ends {@code ws} with a client close 1000, its echo, and this recorder's close event. */
  void closeNormally(RawWebSocket ws) throws Exception {
    ws.send(true, 8, WebSocketConformanceTest.closePayload(1000, ""));
    assertEquals(1000, ws.readUntilClose().closeCode());
    expect("close 1000");
  }

  /** The next event, waiting up to 5 s. */
  String next() throws InterruptedException {
    String event = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(event, "no event within 5 s");
    return event;
  }

  void expect(String event) throws InterruptedException {
    assertEquals(event, next());
  }

  /** The next event starting with {@code prefix}, skipping others; fails after 5 s. */
  String nextStartingWith(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      String event = events.poll(100, TimeUnit.MILLISECONDS);
      if (event != null && event.startsWith(prefix)) {
        return event;
      }
    }
    throw new AssertionError("no event starting with '" + prefix + "' within 5 s");
  }
}
