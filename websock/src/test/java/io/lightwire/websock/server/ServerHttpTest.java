package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of the server over real loopback sockets; every test ends with pools at zero. */
class ServerHttpTest {

  private static final byte[] BIG = new byte[200_000];

  static {
    new Random(42).nextBytes(BIG);
  }

  private Server server;

  private final HttpHandler handler =
      (request, response) -> {
        switch (request.path()) {
          case "/hello" -> response.header("X-Test", "yes").body("text/plain", "hello\n");
          case "/big" -> response.body("application/octet-stream", ByteBuffer.wrap(BIG));
          case "/echo" -> response.body("application/octet-stream", copy(request.body()));
          case "/query" -> response.body("text/plain", request.query());
          case "/boom" -> throw new IllegalStateException("handler bug");
          case "/param" ->
              response.body("text/plain", QueryDecoder.parameter(request.query(), "x") + "\n");
          default -> {
            // no body: the server's default is 404
          }
        }
      };

  private static byte[] copy(ByteBuffer body) {
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return bytes;
  }

  private Server start(ServerConfig config) throws IOException {
    server = Server.open(config, handler);
    server.start();
    return server;
  }

  /** A started server whose deadlines read {@code clock}. */
  private Server start(ServerConfig config, ManualClock clock) throws IOException {
    server = Server.builder(config).http(handler).nanoClock(clock).open();
    server.start();
    return server;
  }

  @AfterEach
  void everyPoolIsBackToZero() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.stop();
    assertTrue(server.isStopped());
    Pools.assertAllFree(server);
  }

  @Test
  void getAnswersWithBodyLengthAndHandlerHeaders() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.get("/hello");
      assertEquals(200, r.status());
      assertEquals("hello\n", r.text());
      assertEquals("6", r.header("Content-Length"));
      assertEquals("text/plain", r.header("Content-Type"));
      assertEquals("yes", r.header("X-Test"));
      assertNull(r.header("Connection"), "HTTP/1.1 keeps the connection by default");
    }
  }

  @Test
  void headSendsTheLengthButNoBody() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
      assertEquals(200, r.status());
      assertEquals("6", r.header("Content-Length"));
      // The next response must start right away: proof that no body bytes were sent.
      assertEquals("hello\n", client.get("/hello").text());
    }
  }

  @Test
  void aRequestWithoutABodyFromTheHandlerIs404() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals(404, client.get("/nothing").status());
    }
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      for (int i = 0; i < 20; i++) {
        assertEquals("n=" + i, client.get("/query?n=" + i).text());
      }
      assertEquals(1, server.connectionSlots().inUse());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send(
          "GET /query?a HTTP/1.1\r\nHost: t\r\n\r\nGET /query?b HTTP/1.1\r\nHost: t\r\n\r\nGET /query?c HTTP/1.1\r\nHost: t\r\n\r\n");
      assertEquals("a", client.read().text());
      assertEquals("b", client.read().text());
      assertEquals("c", client.read().text());
    }
  }

  @Test
  void connectionCloseIsHonoured() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r =
          client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
      assertEquals("close", r.header("Connection"));
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void aBodyLargerThanTheTransmitBufferIsWrittenWhole() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.get("/big");
      assertArrayEquals(BIG, r.body());
      assertEquals("hello\n", client.get("/hello").text(), "connection still usable");
    }
  }

  @Test
  void requestBodiesReachTheHandler() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r =
          client
              .send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world")
              .read();
      assertEquals("hello world", r.text());
    }
  }

  @Test
  void badRequestsAreAnsweredAndClosed() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r = client.send("NOT A REQUEST\r\n\r\n").read();
      assertEquals(400, r.status());
      assertEquals("close", r.header("Connection"));
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void anOversizedHeadIs431() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      RawHttp.Response r =
          client
              .send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "x".repeat(9000) + "\r\n\r\n")
              .read();
      assertEquals(431, r.status());
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void aHandlerExceptionIs500AndTheServerGoesOn() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals(500, client.get("/boom").status());
      assertEquals(200, client.get("/hello").status());
    }
  }

  @Test
  void aMalformedQueryAHandlerDecodesIs400WithTheReasonAndTheServerGoesOn() throws IOException {
    start(ServerConfig.loopback());
    try (RawHttp client = new RawHttp(server.localPort())) {
      assertEquals("a b\n", client.get("/param?x=a+b").text());
      RawHttp.Response bad = client.get("/param?x=%zz");
      assertEquals(400, bad.status());
      assertTrue(bad.text().contains("malformed query: '%zz' at 2"), bad.text());
      assertEquals(200, client.get("/hello").status());
    }
  }

  @Test
  void pastTheSlotLimitClientsGet503WithRetryAfter() throws IOException {
    start(ServerConfig.builder().maxConnections(2).build());
    List<RawHttp> held = new ArrayList<>();
    try {
      // Three peers (addresses) holding a slot each: the slot limit, not the per-address one.
      for (int i = 0; i < 2; i++) {
        RawHttp c = new RawHttp(server.localPort(), PeerLimitTest.address(2 + i));
        assertEquals(200, c.get("/hello").status(), "slot " + i);
        held.add(c);
      }
      try (RawHttp third = new RawHttp(server.localPort(), PeerLimitTest.address(4))) {
        RawHttp.Response r = third.read();
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertTrue(third.closedByServer());
      }
      assertEquals(1, server.counters().refusedConnections());
      assertEquals(2, server.memory().rxBuffers().inUse(), "nothing allocated for the refused");
    } finally {
      for (RawHttp c : held) {
        c.close();
      }
    }
  }

  @Test
  void aSilentClientIsDroppedAtTheHandshakeTimeout() throws Exception {
    ManualClock clock = new ManualClock();
    dropsAnUnfinishedHeadAtTheHandshakeTimeout(clock, 1_000);
  }

  @Test
  void aHandshakeTimeoutRunningAcrossTheClockWrapStillFires() throws Exception {
    ManualClock clock = ManualClock.nearWrap(); // 5 s before the nanosecond count turns negative
    dropsAnUnfinishedHeadAtTheHandshakeTimeout(clock, 10_000);
    assertTrue(clock.getAsLong() < 0, "the deadline was past the wrap");
  }

  /** A request head that never ends: open 1 ms before {@code timeoutMillis}, dropped at it. */
  private void dropsAnUnfinishedHeadAtTheHandshakeTimeout(ManualClock clock, long timeoutMillis)
      throws Exception {
    start(ServerConfig.builder().timeouts(timeoutMillis, 60_000).build(), clock);
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /hello HTTP/1.1\r\nHost: t\r\n"); // never finishes its head
      Pools.awaitSlotsInUse(server, 1); // accepted: the timeout counts from here
      ClockSteps.step(server, clock, timeoutMillis - 1);
      assertEquals(1, server.connectionSlots().inUse(), "still waiting 1 ms before the timeout");
      assertEquals(0, server.counters().timedOutConnections());
      ClockSteps.step(server, clock, 1);
      assertEquals(0, server.connectionSlots().inUse(), "dropped at the timeout");
      assertEquals(1, server.counters().timedOutConnections());
      assertTrue(client.closedByServer());
    }
  }

  @Test
  void theHandshakeTimeoutFiresOnTheSystemClock() throws Exception {
    start(ServerConfig.builder().timeouts(200, 60_000).build());
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /hello HTTP/1.1\r\nHost: t\r\n"); // never finishes its head
      long start = System.nanoTime();
      assertTrue(client.closedByServer());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      Pools.awaitSlotsInUse(server, 0);
      assertEquals(1, server.counters().timedOutConnections());
    }
  }

  @Test
  void abruptDisconnectsFreeTheirSlots() throws Exception {
    start(ServerConfig.loopback());
    for (int i = 0; i < 10; i++) {
      RawHttp client = new RawHttp(server.localPort());
      client.send("GET /hel"); // mid request line
      client.socket.setSoLinger(true, 0); // RST instead of FIN
      client.close();
    }
    Pools.awaitSlotsInUse(server, 0);
  }

  @Test
  void aManualLoopServesWhenPumped() throws IOException {
    server = Server.open(ServerConfig.loopback(), handler);
    try (RawHttp client = new RawHttp(server.localPort())) {
      client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
      // Pump until the response is written: bounded, as every loop in our tests.
      for (int i = 0; i < 100 && server.connectionSlots().inUse() == 0; i++) {
        server.service(50);
      }
      for (int i = 0; i < 10; i++) {
        server.service(10);
      }
      assertEquals("hello\n", client.read().text());
    }
    assertEquals(0, server.service(0) < 0 ? -1 : 0, "service(0) returns at once");
  }

  @Test
  void aTaskQueuedByATaskRunsInTheNextPassSoItCannotHoldTheLoop() throws IOException {
    server = Server.open(ServerConfig.loopback(), handler);
    int[] runs = new int[1];
    Runnable again =
        new Runnable() {
          @Override
          public void run() {
            if (++runs[0] < 1_000) {
              server.execute(this); // queues itself: one run per pass, not a loop inside one
            }
          }
        };
    assertTrue(server.execute(again));
    server.service(0);
    assertEquals(1, runs[0], "the first pass runs the task it found, not the one it queued");
    server.service(0);
    server.service(0);
    assertEquals(3, runs[0]);
  }

  @Test
  void aBusyPortIsABindExceptionNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      BindException e =
          assertThrows(
              BindException.class,
              () ->
                  Server.open(ServerConfig.builder().port(taken.getLocalPort()).build(), handler));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void poolsSmallerThanTheConfigAreRefused() {
    ServerConfig config = ServerConfig.loopback();
    ServerMemory allocated = ServerMemory.allocate(config, null);
    ServerMemory tooSmall =
        new ServerMemory(
            new io.lightwire.websock.pool.BufferPool(
                "rx buffers", 1, config.rxBufferBytes(), false),
            allocated.txBuffers(),
            allocated.messageBuffers(),
            allocated.broadcastBuffers(),
            null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Server.open(config, tooSmall, handler));
    assertTrue(e.getMessage().contains("rx buffers"), e.getMessage());
  }

  @Test
  void invalidConfigNamesTheFieldAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ServerConfig.builder().port(70000).build());
    assertTrue(e.getMessage().contains("port = 70000"), e.getMessage());
  }
}
