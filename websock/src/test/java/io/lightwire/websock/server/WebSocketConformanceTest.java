package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 6455 as the server enforces it, over a raw socket: frames are hex fixtures or built with a
 * seeded mask. Every test ends with no unread event and every pool at zero in use. The server's
 * deadlines run on a {@link ManualClock}: a linger or timeout passes only when a test steps it.
 */
class WebSocketConformanceTest {

  private final Recorder recorder = new Recorder();
  private final ManualClock clock = new ManualClock();
  private Server server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = recorder.serveEcho(ServerConfig.loopback(), clock);
    port = server.localPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stopAndCheck(server);
  }

  @Test
  void theHandshakeAnswers101WithTheAcceptOfRfcSection1_3() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      assertTrue(ws.responseHead.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
      assertTrue(ws.responseHead.contains("Sec-WebSocket-Accept: " + RawWebSocket.ACCEPT + "\r\n"));
      assertTrue(ws.responseHead.contains("Upgrade: websocket\r\n"));
      ws.writeHex("88 82 00 00 00 00 03 e8");
      assertEquals(1000, ws.readUntilClose().closeCode());
      recorder.expect("close 1000");
    }
  }

  @Test
  void theMaskedHelloOfRfcSection5_7IsEchoedUnmasked() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
      recorder.expect("text Hello");
      RawWebSocket.Frame echo = ws.read();
      assertEquals("Hello", echo.text());
      assertTrue(echo.fin());
      assertEquals(1, echo.opcode());
      closeNormally(ws);
    }
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "125", "126", "65535"})
  void binaryMessagesOfBoundaryLengthsAreEchoed(int length) throws Exception {
    byte[] payload = new byte[length];
    new java.util.Random(length).nextBytes(payload);
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.send(true, 2, payload);
      recorder.expect("binary " + length);
      RawWebSocket.Frame echo = ws.read();
      assertEquals(2, echo.opcode());
      assertArrayEquals(payload, echo.payload());
      closeNormally(ws);
    }
  }

  @Test
  void fragmentsAreJoinedAndAPingBetweenThemIsAnsweredFirst() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.send(false, 1, "Hel".getBytes(StandardCharsets.UTF_8));
      ws.send(true, 9, new byte[] {1, 2, 3});
      ws.send(false, 0, new byte[0]);
      ws.send(true, 0, "lo".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame pong = ws.read();
      assertEquals(10, pong.opcode());
      assertArrayEquals(new byte[] {1, 2, 3}, pong.payload());
      recorder.expect("ping 010203");
      recorder.expect("text Hello");
      assertEquals("Hello", ws.read().text());
      closeNormally(ws);
    }
  }

  @Test
  void aCharacterSplitAcrossFragmentsIsValid() throws Exception {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // e2 82 ac
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.send(false, 1, Arrays.copyOfRange(euro, 0, 1));
      ws.send(true, 0, Arrays.copyOfRange(euro, 1, 3));
      recorder.expect("text €");
      assertEquals("€", ws.read().text());
      closeNormally(ws);
    }
  }

  /**
   * Each violation: the server closes with the code and drops the connection, at once when the
   * violation was the peer's close frame, else when the linger for the peer's close ends.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "unmasked client frame, 81 05 48 65 6c 6c 6f, 1002",
    "RSV1 without extension, c1 80 00 00 00 00, 1002",
    "reserved opcode 3, 83 80 00 00 00 00, 1002",
    "reserved control opcode 0xB, 8b 80 00 00 00 00, 1002",
    "fragmented ping, 09 80 00 00 00 00, 1002",
    "ping of 126 bytes, 89 fe 00 7e 00 00 00 00, 1002",
    "continuation without a message, 80 80 00 00 00 00, 1002",
    "new message inside a fragmented one, 01 81 00 00 00 00 61 81 81 00 00 00 00 62, 1002",
    "overlong UTF-8, 81 82 00 00 00 00 c0 80, 1007",
    "UTF-16 surrogate in UTF-8, 81 83 00 00 00 00 ed a0 80, 1007",
    "frame of 65536 bytes, 82 ff 00 00 00 00 00 01 00 00 00 00 00 00, 1009",
    "close with a 1-byte payload, 88 81 00 00 00 00 03, 1002",
    "close code 1005 on the wire, 88 82 00 00 00 00 03 ed, 1002",
    "close code 999, 88 82 00 00 00 00 03 e7, 1002",
    "close code 2000, 88 82 00 00 00 00 07 d0, 1002",
    "close reason not UTF-8, 88 83 00 00 00 00 03 e8 ff, 1007"
  })
  void violationsCloseWithTheRightCode(String rule, String hex, int code) throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex(hex);
      RawWebSocket.Frame close = ws.readUntilClose();
      assertEquals(code, close.closeCode(), rule + ": " + close.text());
      if (!hex.startsWith("88")) {
        ClockSteps.step(server, clock, CloseOutcomeTest.LINGER_MILLIS - 1);
        assertEquals(1, server.connectionSlots().inUse(), rule + ": lingering");
        ClockSteps.step(server, clock, 1);
      }
      assertTrue(ws.closedByServer(), rule + ": TCP connection closed");
      String event = recorder.nextStartingWith("close ");
      assertTrue(event.startsWith("close " + code), event);
      recorder.events.removeIf(e -> e.startsWith("text ") || e.startsWith("binary "));
    }
  }

  @Test
  void aMessageOverTheLimitAcrossFragmentsIs1009() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.send(false, 2, new byte[40_000]);
      ws.send(true, 0, new byte[40_000]);
      assertEquals(1009, ws.readUntilClose().closeCode());
      ClockSteps.step(server, clock, CloseOutcomeTest.LINGER_MILLIS);
      assertTrue(ws.closedByServer());
      assertTrue(recorder.next().startsWith("close 1009"));
    }
  }

  @Test
  void aClientCloseIsEchoedAndReported() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.send(true, 8, closePayload(1000, "bye"));
      RawWebSocket.Frame echo = ws.read();
      assertEquals(8, echo.opcode());
      assertEquals(1000, echo.closeCode());
      assertTrue(ws.closedByServer());
      recorder.expect("close 1000 bye");
    }
  }

  @Test
  void anEmptyCloseIsAnsweredWithAnEmptyClose() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex("88 80 00 00 00 00");
      assertEquals(0, ws.read().payload().length);
      assertTrue(ws.closedByServer());
      recorder.expect("close 1005");
    }
  }

  @Test
  void aServerCloseWaitsForTheAnswerAndReportsItsCode() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.sendText("close-me");
      recorder.expect("text close-me");
      RawWebSocket.Frame close = ws.read();
      assertEquals(4000, close.closeCode());
      assertEquals("asked", new String(close.payload(), 2, 5, StandardCharsets.UTF_8));
      ws.send(true, 8, closePayload(4000, ""));
      assertTrue(ws.closedByServer());
      recorder.expect("close 4000 asked");
    }
  }

  @Test
  void stoppingTheServerSends1001() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      Thread stopper = new Thread(server::stop);
      stopper.start();
      RawWebSocket.Frame close = ws.read();
      assertEquals(1001, close.closeCode());
      ws.send(true, 8, closePayload(1001, ""));
      stopper.join(5_000);
      recorder.expect("close 1001 server stopping");
    }
  }

  @Test
  void anAbruptDisconnectMidHeaderOrPayloadIsReportedAsDropped() throws Exception {
    for (String partial : new String[] {"81", "81 fe 01", "82 85 00 00 00 00 01 02"}) {
      RawWebSocket ws = recorder.openEcho(port);
      ws.writeHex(partial);
      ws.socket.setSoLinger(true, 0);
      ws.close();
      recorder.expect("close 1006");
    }
  }

  @Test
  void pausedInputWaitsUntilResumed() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.sendText("pause");
      recorder.expect("text pause");
      ws.sendText("a");
      ws.sendText("b");
      ClockSteps.awaitPass(server); // a pass that saw both frames arrive
      assertEquals("[]", recorder.events.toString(), "nothing delivered while paused");
      WebSocketConnection c = recorder.last.get();
      assertTrue(server.execute(c::resumeReceive));
      recorder.expect("text a");
      recorder.expect("text b");
      assertEquals("a", ws.read().text());
      assertEquals("b", ws.read().text());
      closeNormally(ws);
    }
  }

  @Test
  void requestWritableCallsBackOnce() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.sendText("more");
      recorder.expect("text more");
      recorder.expect("writable");
      assertEquals("writable", ws.read().text());
      closeNormally(ws);
    }
  }

  @Test
  void sendsOffTheServiceThreadAreRefused() throws Exception {
    try (RawWebSocket ws = recorder.openEcho(port)) {
      WebSocketConnection c = recorder.last.get();
      IllegalStateException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class, () -> c.sendText("x"));
      assertTrue(e.getMessage().contains("service thread"), e.getMessage());
      closeNormally(ws);
    }
  }

  @Test
  void aThousandConnectionsComeAndGoWithoutLeaks() throws Exception {
    for (int i = 0; i < 1000; i++) {
      try (RawWebSocket ws = RawWebSocket.open(port, "/", "")) {
        ws.writeHex("88 82 00 00 00 00 03 e8");
        ws.read();
      }
    }
    int closes = 0;
    for (int i = 0; i < 2000; i++) {
      String e = recorder.next();
      closes += e.startsWith("close ") ? 1 : 0;
    }
    assertEquals(1000, closes);
    ClockSteps.awaitPass(server); // the last close event's pass gave its slot back
    assertEquals(0, server.connectionSlots().inUse());
  }

  private void closeNormally(RawWebSocket ws) throws Exception {
    recorder.closeNormally(ws);
  }

  static byte[] closePayload(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >>> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    return p;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
