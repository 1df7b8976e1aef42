package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawWebSocket;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a closing connection ends and what {@code onClose} reports (issue 19, items 5 and 17): a
 * close handshake that never completed is {@code DROPPED}, and a failed connection's slot is freed
 * as soon as the peer answers the close. The server runs on a {@link ManualClock}, so no timeout
 * passes unless a test steps the clock; one test keeps the system clock.
 */
class CloseOutcomeTest {

  /** How long a failed connection lingers for its peer's close (the server's own constant). */
  static final long LINGER_MILLIS = 250;

  private final Recorder recorder = new Recorder();
  private final ManualClock clock = new ManualClock();
  private Server server;
  private int port;

  private void start(ServerConfig config) throws IOException {
    server = recorder.serveEcho(config, clock);
    port = server.localPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stopAndCheck(server);
  }

  @Test
  void aPeerThatVanishesAfterOurCloseIsReportedAsDropped() throws Exception {
    start(ServerConfig.loopback());
    RawWebSocket ws = recorder.openEcho(port);
    ws.sendText("close-me");
    recorder.expect("text close-me");
    assertEquals(4000, ws.read().closeCode());
    ws.socket.setSoLinger(true, 0); // gone without answering: RST
    ws.close();
    recorder.expect("close " + WebSocketConnection.DROPPED);
  }

  @Test
  void aPeerThatNeverAnswersOurCloseIsReportedAsDroppedAtTheTimeout() throws Exception {
    start(ServerConfig.builder().timeouts(3_000, 60_000).build());
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.sendText("close-me");
      recorder.expect("text close-me"); // the handler's close: the close timeout counts from here
      assertEquals(4000, ws.read().closeCode());
      ClockSteps.step(server, clock, 2_999);
      assertEquals(1, server.connectionSlots().inUse(), "still waiting 1 ms before the timeout");
      assertEquals("[]", recorder.events.toString());
      ClockSteps.step(server, clock, 1);
      assertTrue(ws.closedByServer(), "closed at the close timeout");
      recorder.expect("close " + WebSocketConnection.DROPPED);
      assertEquals(1, server.counters().timedOutConnections());
    }
  }

  @Test
  void aPeerThatNeverAnswersTheStopsCloseIsDroppedWhenTheGraceEnds() throws Exception {
    start(ServerConfig.loopback());
    try (RawWebSocket ws = recorder.openEcho(port)) {
      Thread stopper = Thread.ofPlatform().name("stopper").start(server::stop);
      assertEquals(1001, ws.read().closeCode()); // the grace counts from before this was sent
      clock.advanceMillis(999);
      ws.socket.setSoTimeout(100); // a few rounds of the stop's wait read the clock meanwhile
      assertFalse(ws.closedByServer(), "still open 1 ms before the grace ends");
      assertTrue(stopper.isAlive());
      clock.advanceMillis(1);
      ws.socket.setSoTimeout(5_000);
      assertTrue(ws.closedByServer(), "closed when the grace ends");
      stopper.join(5_000);
      assertFalse(stopper.isAlive(), "the stop returned");
      recorder.expect("close " + WebSocketConnection.DROPPED);
    }
  }

  @Test
  void aViolatorThatNeverAnswersOurCloseIsDroppedWhenTheLingerEnds() throws Exception {
    start(ServerConfig.loopback());
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex("83 80 00 00 00 00"); // reserved opcode 3
      assertEquals(1002, ws.readUntilClose().closeCode());
      ClockSteps.step(server, clock, LINGER_MILLIS - 1);
      assertEquals(1, server.connectionSlots().inUse(), "lingering for the peer's close");
      assertEquals("[]", recorder.events.toString());
      ClockSteps.step(server, clock, 1);
      assertTrue(ws.closedByServer(), "closed when the linger ends");
      assertTrue(recorder.next().startsWith("close 1002 "));
    }
  }

  @Test
  void theLingerEndsOnTheSystemClock() throws Exception {
    server = recorder.serveEcho(ServerConfig.loopback());
    port = server.localPort();
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex("83 80 00 00 00 00");
      assertEquals(1002, ws.readUntilClose().closeCode());
      assertTrue(ws.closedByServer(), "closed when the linger ends");
      assertTrue(recorder.next().startsWith("close 1002 "));
    }
  }

  @Test
  void anAnsweredCloseStillReportsOurCode() throws Exception {
    start(ServerConfig.loopback());
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.sendText("close-me");
      recorder.expect("text close-me");
      assertEquals(4000, ws.read().closeCode());
      ws.send(true, 8, WebSocketConformanceTest.closePayload(4000, ""));
      assertTrue(ws.closedByServer());
      recorder.expect("close 4000 asked");
    }
  }

  @Test
  void afterAViolationTheConnectionClosesAsSoonAsThePeerAnswersTheClose() throws Exception {
    start(ServerConfig.loopback());
    for (String violation : new String[] {"83 80 00 00 00 00", "81 82 00 00 00 00 c0 80"}) {
      try (RawWebSocket ws = recorder.openEcho(port)) {
        ws.writeHex(violation);
        int code = ws.readUntilClose().closeCode();
        ws.send(true, 8, WebSocketConformanceTest.closePayload(code, ""));
        // The clock stands still, so the linger cannot be what ends it: the answer does.
        assertTrue(ws.closedByServer(), violation + ": TCP closed right after the answer");
        String closed = recorder.next();
        assertTrue(closed.startsWith("close " + code + " "), closed);
      }
    }
  }

  @Test
  void anInvalidCloseFromThePeerIsItsCloseAlready() throws Exception {
    start(ServerConfig.loopback());
    try (RawWebSocket ws = recorder.openEcho(port)) {
      ws.writeHex("88 82 00 00 00 00 03 e7"); // close code 999
      assertEquals(1002, ws.readUntilClose().closeCode());
      assertTrue(ws.closedByServer(), "the peer closed already: nothing to wait for");
      String closed = recorder.next();
      assertTrue(closed.startsWith("close 1002 "), closed);
    }
  }
}
