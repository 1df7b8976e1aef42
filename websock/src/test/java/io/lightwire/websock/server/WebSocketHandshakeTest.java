package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawHttp;
import io.lightwire.testsupport.RawWebSocket;
import io.lightwire.websock.pool.BufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opening handshake's refusals, protocol selection, the upgrade filter and pool limits. */
class WebSocketHandshakeTest {

  private final Recorder chat = new Recorder();
  private final Recorder camera = new Recorder();
  private Server server;

  private int start(Server.Builder builder) throws IOException {
    server = builder.open();
    server.start();
    return server.localPort();
  }

  private Server.Builder standard() {
    return Server.builder(ServerConfig.loopback())
        .http((request, response) -> response.body("text/plain", "plain http"))
        .protocol(Protocol.of("chat", chat))
        .protocol(
            new Protocol("camera", "/camera", camera, QueuePolicy.KEEP_NEWEST, 2, () -> null));
  }

  @AfterEach
  void stop() {
    server.stop();
    Pools.assertAllFree(server);
  }

  private static int status(int port, String request) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.send(request).read().status();
    }
  }

  @Test
  void aWrongVersionIs426NamingVersion13() throws IOException {
    int port = start(standard());
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.send(
                  "GET / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
              .read();
      assertEquals(426, r.status());
      assertEquals("13", r.header("Sec-WebSocket-Version"));
    }
  }

  @Test
  void aMissingOrMalformedKeyIs400() throws IOException {
    int port = start(standard());
    String base =
        "GET / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
    assertEquals(400, status(port, base + "\r\n"));
    assertEquals(400, status(port, base + "Sec-WebSocket-Key: short\r\n\r\n"));
    assertEquals(400, status(port, base + "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n\r\n"));
  }

  @Test
  void anUpgradeWithoutConnectionUpgradeOrNotGetIs400() throws IOException {
    int port = start(standard());
    assertEquals(
        400,
        status(
            port,
            "GET / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
    assertEquals(
        400,
        status(
            port,
            "POST / HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
  }

  @Test
  void theFirstOfferedSubprotocolServedIsChosenAndNamed() throws Exception {
    int port = start(standard());
    try (RawWebSocket ws =
        RawWebSocket.open(port, "/", "Sec-WebSocket-Protocol: unknown, camera, chat\r\n")) {
      assertTrue(ws.responseHead.contains("Sec-WebSocket-Protocol: camera\r\n"), ws.responseHead);
      camera.expect("open camera");
    }
    camera.expect("close 1006");
  }

  @Test
  void noServedSubprotocolIs404() throws IOException {
    int port = start(standard());
    try (RawWebSocket ws = new RawWebSocket(port)) {
      assertEquals(404, ws.handshake("/", "Sec-WebSocket-Protocol: mqtt\r\n"));
    }
  }

  @Test
  void withoutSubprotocolsThePathOrTheDefaultProtocolServes() throws Exception {
    int port = start(standard());
    try (RawWebSocket ws = RawWebSocket.open(port, "/camera", "")) {
      assertTrue(!ws.responseHead.contains("Sec-WebSocket-Protocol"), ws.responseHead);
      camera.expect("open camera");
    }
    camera.expect("close 1006");
    try (RawWebSocket ws = RawWebSocket.open(port, "/anything", "")) {
      assertTrue(ws.responseHead.startsWith("HTTP/1.1 101"));
      chat.expect("open chat");
    }
    chat.expect("close 1006");
  }

  @Test
  void plainHttpStillWorksBesideWebSockets() throws IOException {
    int port = start(standard());
    try (RawHttp http = new RawHttp(port)) {
      assertEquals("plain http", http.get("/").text());
    }
  }

  @Test
  void theUpgradeFilterRefusesForeignOriginsWith403() throws Exception {
    int port = start(standard().upgradeFilter(UpgradeFilter.allowOrigins("http://board.local")));
    try (RawWebSocket ws = new RawWebSocket(port)) {
      assertEquals(403, ws.handshake("/", "Origin: http://evil.example\r\n"));
    }
    // The refusal closes the connection inside the request's processing: no handler error after
    // (the next request is answered on a later pass of the loop, so the count is final).
    try (RawHttp http = new RawHttp(port)) {
      assertEquals("plain http", http.get("/").text());
    }
    assertEquals(0, server.counters().handlerErrors());
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "Origin: http://board.local\r\n")) {
      assertTrue(ws.responseHead.startsWith("HTTP/1.1 101"));
      chat.expect("open chat");
    }
    chat.expect("close 1006");
  }

  @Test
  void withoutAFreeMessageBufferTheUpgradeIs503() throws Exception {
    ServerConfig config = ServerConfig.loopback();
    ServerMemory all = ServerMemory.allocate(config, null);
    ServerMemory oneMessageBuffer =
        new ServerMemory(
            all.rxBuffers(),
            all.txBuffers(),
            new BufferPool("message buffers", 1, config.maxMessageBytes(), false),
            all.broadcastBuffers(),
            null);
    int port = start(standard().memory(oneMessageBuffer));
    try (RawWebSocket first = RawWebSocket.open(port, "/", "")) {
      assertTrue(first.responseHead.startsWith("HTTP/1.1 101"));
      chat.expect("open chat");
      try (RawWebSocket second = new RawWebSocket(port)) {
        assertEquals(503, second.handshake("/", ""));
        assertTrue(second.responseHead.contains("Retry-After: 1"), second.responseHead);
      }
    }
    chat.expect("close 1006");
  }

  @Test
  void aSilentPeerIsPingedAtTheIdleTimeoutThenDroppedAfterAnotherOne() throws Exception {
    ManualClock clock = new ManualClock();
    int port =
        start(
            Server.builder(ServerConfig.builder().timeouts(5_000, 30_000).build())
                .protocol(Protocol.of("chat", chat))
                .nanoClock(clock));
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
      chat.expect("open chat"); // the idle time counts from here: the clock stands still
      ClockSteps.step(server, clock, 29_999);
      assertEquals(0, ws.socket.getInputStream().available(), "no ping 1 ms before the idle time");
      ClockSteps.step(server, clock, 1);
      assertEquals(9, ws.read().opcode(), "a keep-alive ping at the idle time");
      ws.send(true, 10, new byte[0]);
      chat.expect("pong"); // the answer shows life: the idle time starts again
      ClockSteps.step(server, clock, 29_999);
      assertEquals(0, ws.socket.getInputStream().available(), "no second ping yet");
      ClockSteps.step(server, clock, 1);
      assertEquals(9, ws.read().opcode(), "pinged again after another idle time");
      // No pong this time: dropped when the idle time passes once more.
      ClockSteps.step(server, clock, 29_999);
      assertEquals(1, server.connectionSlots().inUse(), "still open 1 ms before");
      assertEquals(0, server.counters().timedOutConnections());
      ClockSteps.step(server, clock, 1);
      assertEquals(0, server.connectionSlots().inUse(), "dropped without an answer");
      assertTrue(ws.closedByServer());
      chat.expect("close 1006");
      assertEquals(1, server.counters().timedOutConnections());
    }
  }

  @Test
  void aSilentPeerIsPingedThenDroppedOnTheSystemClock() throws Exception {
    int port =
        start(
            Server.builder(ServerConfig.builder().timeouts(5_000, 100).build())
                .protocol(Protocol.of("chat", chat)));
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
      chat.expect("open chat");
      assertEquals(9, ws.read().opcode(), "a keep-alive ping after the idle time");
      assertTrue(ws.closedByServer(), "dropped when the ping is not answered");
      chat.expect("close 1006");
      assertEquals(1, server.counters().timedOutConnections());
    }
  }

  @Test
  void broadcastsReachEveryConnectionOfTheProtocolOnly() throws Exception {
    int port = start(standard());
    try (RawWebSocket a = RawWebSocket.open(port, "/camera", "");
        RawWebSocket b = RawWebSocket.open(port, "/camera", "");
        RawWebSocket other = RawWebSocket.open(port, "/", "")) {
      camera.expect("open camera");
      camera.expect("open camera");
      chat.expect("open chat");
      byte[] big = new byte[150_000];
      new java.util.Random(1).nextBytes(big);
      assertEquals(big.length, server.broadcast("camera", false, ByteBuffer.wrap(big)));
      for (RawWebSocket ws : new RawWebSocket[] {a, b}) {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        RawWebSocket.Frame f;
        int frames = 0;
        do {
          f = ws.read();
          assertEquals(frames == 0 ? 2 : 0, f.opcode());
          assertTrue(f.payload().length <= 0xFFFF, "fragments of at most 0xFFFF bytes");
          joined.write(f.payload());
          frames++;
        } while (!f.fin());
        assertEquals(3, frames);
        org.junit.jupiter.api.Assertions.assertArrayEquals(big, joined.toByteArray());
      }
      other.socket.setSoTimeout(200);
      assertTrue(!other.closedByServer(), "the chat connection got nothing");
    }
    camera.expect("close 1006");
    camera.expect("close 1006");
    chat.expect("close 1006");
  }
}
