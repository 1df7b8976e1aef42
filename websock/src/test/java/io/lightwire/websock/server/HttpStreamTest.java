package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.Loopback;
import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed HTTP bodies ({@link HttpStream}, {@link Server#publish}) over real loopback sockets,
 * read by a raw socket and by the JDK's HttpClient; every test ends with every pool at zero in use.
 */
class HttpStreamTest {

  private Server server;
  private final BlockingQueue<HttpStream> opened = new LinkedBlockingQueue<>();
  private final BlockingQueue<HttpStream> closed = new LinkedBlockingQueue<>();
  private final AtomicInteger writables = new AtomicInteger();

  private final HttpStreamHandler streams =
      new HttpStreamHandler() {
        @Override
        public void onOpen(HttpStream stream) {
          opened.add(stream);
        }

        @Override
        public void onWritable(HttpStream stream) {
          writables.incrementAndGet();
        }

        @Override
        public void onClose(HttpStream stream) {
          closed.add(stream);
        }
      };

  private final HttpHandler handler =
      (request, response) -> {
        if (request.path().equals("/stream")) {
          response.header("Cache-Control", "no-store");
          response.stream("application/octet-stream", streams);
        } else {
          response.body("text/plain", "plain\n");
        }
      };

  @AfterEach
  void everyPoolIsBackToZero() {
    if (server == null) {
      return;
    }
    server.stop();
    assertEquals(0, server.openStreams());
    Pools.assertAllFree(server);
  }

  private void start(ServerConfig config) throws IOException {
    server = Server.open(config, handler);
    server.start();
  }

  private HttpStream nextOpened() throws InterruptedException {
    HttpStream s = opened.poll(5, TimeUnit.SECONDS);
    assertNotNull(s, "no stream opened");
    return s;
  }

  /** Runs {@code task} on the service thread and waits for it. */
  private <T> T onService(java.util.concurrent.Callable<T> task) throws Exception {
    java.util.concurrent.CompletableFuture<T> result =
        new java.util.concurrent.CompletableFuture<>();
    assertTrue(
        server.execute(
            () -> {
              try {
                result.complete(task.call());
              } catch (Exception e) {
                result.completeExceptionally(e);
              }
            }));
    return result.get(5, TimeUnit.SECONDS);
  }

  private static Socket connect(int port) throws IOException {
    return Loopback.connect(port);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside the head: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aStreamedBodyIsWrittenOverTimeAndEndsWithTheConnection() throws Exception {
    start(ServerConfig.loopback());
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      assertTrue(head.contains("Content-Type: application/octet-stream\r\n"), head);
      assertTrue(head.contains("Cache-Control: no-store\r\n"), head);
      assertTrue(head.contains("Connection: close\r\n"), head);
      assertFalse(head.contains("Content-Length"), head);
      HttpStream stream = nextOpened();
      assertEquals(5, (int) onService(() -> stream.write(bytes("first"))));
      assertArrayEquals("first".getBytes(), in.readNBytes(5));
      assertEquals(6, (int) onService(() -> stream.write(bytes("second"))));
      assertArrayEquals("second".getBytes(), in.readNBytes(6));
      onService(
          () -> {
            stream.end();
            return null;
          });
      assertEquals(-1, in.read(), "the body ends with the connection");
      assertTrue(closed.poll(5, TimeUnit.SECONDS) == stream);
      assertFalse(stream.isOpen());
      assertEquals(HttpStream.CLOSED, (int) onService(() -> stream.write(bytes("late"))));
    }
  }

  @Test
  void aWriteIntoAFullTransmitBufferIsBackPressuredAndOnWritableFollows() throws Exception {
    start(ServerConfig.loopback());
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      readHead(in);
      HttpStream stream = nextOpened();
      byte[] chunk = new byte[16_384];
      Arrays.fill(chunk, (byte) 'x');
      // The client reads nothing: the socket buffers fill, then the transmit buffer.
      long accepted = 0;
      int result = 0;
      for (int i = 0; i < 10_000 && result >= 0; i++) {
        result = onService(() -> stream.write(ByteBuffer.wrap(chunk)));
        if (result > 0) {
          accepted += result;
        }
      }
      assertEquals(HttpStream.BACK_PRESSURED, result, "a full transmit buffer refuses the write");
      onService(
          () -> {
            stream.requestWritable();
            return null;
          });
      assertEquals(accepted, in.readNBytes((int) accepted).length, "every accepted byte arrives");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (writables.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, writables.get(), "onWritable once everything queued was out");
    }
  }

  @Test
  void publishedPartsAreSharedAndASlowReaderKeepsTheNewest() throws Exception {
    start(ServerConfig.loopback());
    try (Socket fast = connect(server.localPort());
        Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4_096);
      slow.connect(new InetSocketAddress("127.0.0.1", server.localPort()), 5_000);
      slow.setSoTimeout(5_000);
      fast.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      readHead(fast.getInputStream());
      HttpStream fastStream = nextOpened();
      slow.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      HttpStream slowStream = nextOpened();
      byte[] body = new byte[200_000];
      ByteBuffer head = ByteBuffer.allocate(16);
      ByteBuffer payload = ByteBuffer.wrap(body);
      ByteBuffer[] part = {head, payload};
      InputStream fastIn = fast.getInputStream();
      for (int n = 0; n < 20; n++) {
        Arrays.fill(body, (byte) n);
        head.clear();
        head.putInt(n).putInt(body.length).putLong(0).flip();
        payload.clear();
        int result;
        do {
          result = server.publish(streams, part);
          if (result == HttpStream.BACK_PRESSURED) {
            Thread.sleep(1); // every broadcast buffer in flight: the slow reader holds some
          }
        } while (result == HttpStream.BACK_PRESSURED);
        assertEquals(16 + body.length, result);
        byte[] got = fastIn.readNBytes(16 + body.length);
        ByteBuffer view = ByteBuffer.wrap(got);
        assertEquals(n, view.getInt(), "the fast reader gets every part in order");
        assertEquals(body.length, view.getInt());
        assertEquals((byte) n, got[got.length - 1]);
      }
      long dropped = onService(slowStream::partsDropped);
      assertTrue(dropped > 0, "the slow reader skipped parts: " + dropped);
      assertEquals(0L, (long) onService(fastStream::partsDropped));
      assertEquals(20L, (long) onService(fastStream::partsQueued));
    }
    assertNotNull(closed.poll(5, TimeUnit.SECONDS));
    assertNotNull(closed.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void theJdkHttpClientReadsAStreamedBody() throws Exception {
    start(ServerConfig.loopback());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<InputStream>> pending =
          client.sendAsync(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.localPort() + "/stream"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              BodyHandlers.ofInputStream());
      HttpStream stream = nextOpened();
      java.net.http.HttpResponse<InputStream> response = pending.get(5, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertEquals(
          "application/octet-stream", response.headers().firstValue("Content-Type").orElse(""));
      assertTrue(response.headers().firstValue("Content-Length").isEmpty());
      ByteBuffer[] part = {bytes("part-1;")};
      assertEquals(7, server.publish(streams, part));
      try (InputStream body = response.body()) {
        assertEquals("part-1;", new String(body.readNBytes(7), StandardCharsets.US_ASCII));
        onService(
            () -> {
              stream.write(bytes("tail"));
              stream.end();
              return null;
            });
        assertEquals("tail", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
      }
    } finally {
      client.close();
    }
  }

  @Test
  void aHeadRequestGetsTheHeadAloneAndTheStreamEnds() throws Exception {
    start(ServerConfig.loopback());
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      assertEquals(-1, in.read());
    }
    assertNotNull(closed.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void aClientThatLeavesEndsItsStreamAndTheHandleGoesInert() throws Exception {
    start(ServerConfig.loopback());
    HttpStream stream;
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      readHead(socket.getInputStream());
      stream = nextOpened();
      assertEquals(1, server.openStreams());
    }
    assertTrue(closed.poll(5, TimeUnit.SECONDS) == stream);
    assertEquals(0, server.openStreams());
    assertEquals(HttpStream.CLOSED, (int) onService(() -> stream.write(bytes("x"))));
    // The slot's next stream is another handle; the old one cannot reach it.
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      readHead(socket.getInputStream());
      HttpStream next = nextOpened();
      assertEquals(HttpStream.CLOSED, (int) onService(() -> stream.write(bytes("x"))));
      assertTrue(next.isOpen());
    }
  }

  @Test
  void aStreamThatTakesNothingForTheIdleTimeoutIsClosed() throws Exception {
    ManualClock clock = new ManualClock();
    server =
        Server.builder(ServerConfig.loopback().toBuilder().timeouts(1_000, 10_000).build())
            .http(handler)
            .nanoClock(clock)
            .open();
    server.start();
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      readHead(in); // the head went out: the idle time counts from here (the clock stands still)
      nextOpened();
      ClockSteps.step(server, clock, 9_999);
      assertNull(closed.poll(), "still open 1 ms before the idle timeout");
      assertEquals(0, server.counters().timedOutConnections());
      ClockSteps.step(server, clock, 1);
      assertNotNull(closed.poll(), "closed by the idle timeout");
      assertEquals(-1, in.read());
      assertEquals(1, server.counters().timedOutConnections());
    }
  }

  @Test
  void aStreamHoldsASlotSoTheNextClientPastTheLimitGets503() throws Exception {
    start(ServerConfig.loopback().toBuilder().maxConnections(1).build());
    try (Socket socket = connect(server.localPort())) {
      socket.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
      readHead(socket.getInputStream());
      nextOpened();
      // From another address, so the per-address limit (429) is not what answers.
      try (RawHttp other = new RawHttp(server.localPort(), InetAddress.getByName("127.0.0.2"))) {
        assertEquals(503, other.get("/stream").status());
        assertNull(opened.poll(200, TimeUnit.MILLISECONDS));
      }
    }
    assertNotNull(closed.poll(5, TimeUnit.SECONDS));
  }
}
