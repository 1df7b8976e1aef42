package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.testsupport.RawWebSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A flood of protocol violations is counted per peer address and cannot flood the log (issue 19,
 * item 14): a few lines one by one, the rest summed up.
 */
class ProtocolErrorLogTest {

  private final Logger jul = Logger.getLogger("io.lightwire.websock.server");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            lines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Server server;

  @AfterEach
  void stop() {
    jul.removeHandler(capture);
    server.stop();
    Pools.assertAllFree(server);
  }

  private void start(ManualClock clock) throws Exception {
    jul.addHandler(capture);
    server =
        Server.builder(ServerConfig.loopback())
            .protocol(Protocol.of("echo", new WebSocketHandler() {}))
            .nanoClock(clock)
            .open();
    server.start();
  }

  @Test
  void violationsAreCountedPerPeerAndLoggedAtABoundedRate() throws Exception {
    start(new ManualClock());
    InetAddress flooder = PeerLimitTest.address(2);
    InetAddress other = PeerLimitTest.address(3);
    for (int i = 0; i < 300; i++) {
      violate(i % 100 == 99 ? other : flooder);
    }
    // Each peer read its close, which the server queues after counting: one pass publishes all.
    ClockSteps.awaitPass(server);
    assertEquals(300, server.counters().protocolErrors());
    Map<InetAddress, Long> byPeer = server.counters().protocolErrorsByPeer();
    assertEquals(List.of(flooder, other), List.copyOf(byPeer.keySet()), "most first");
    assertEquals(297L, byPeer.get(flooder));
    assertEquals(3L, byPeer.get(other));
    assertEquals(10, lines.size(), "ten lines one by one in the first minute: " + lines);
    assertTrue(lines.get(0).contains("127.0.0.2"), lines.get(0));
    assertTrue(lines.get(0).contains("1002"), lines.get(0));
    server.stop();
    assertEquals(11, lines.size(), "one summary line at the end: " + lines);
    assertTrue(lines.get(10).startsWith("290 more protocol errors"), lines.get(10));
    assertTrue(lines.get(10).contains("127.0.0.2"), lines.get(10));
  }

  @Test
  void theNextMinuteOnTheServerClockStartsWithTheSummary() throws Exception {
    ManualClock clock = new ManualClock();
    start(clock);
    InetAddress peer = PeerLimitTest.address(2);
    for (int i = 0; i < 11; i++) {
      violate(peer);
    }
    ClockSteps.step(server, clock, 59_999);
    violate(peer);
    ClockSteps.awaitPass(server);
    assertEquals(10, lines.size(), "the window has 1 ms to go: counted only: " + lines);
    ClockSteps.step(server, clock, 1);
    violate(peer);
    ClockSteps.awaitPass(server);
    assertEquals(12, lines.size(), "a new window: the summary, then the violation: " + lines);
    assertTrue(lines.get(10).startsWith("2 more protocol errors"), lines.get(10));
    assertTrue(lines.get(11).contains("127.0.0.2"), lines.get(11));
  }

  /** Opens a WebSocket from {@code source}, sends an unmasked frame (1002) and leaves. */
  private void violate(InetAddress source) throws Exception {
    try (RawWebSocket ws = new RawWebSocket(server.localPort(), 0, source)) {
      assertEquals(101, ws.handshake("/", ""));
      ws.writeHex("81 05 48 65 6c 6c 6f");
      assertEquals(1002, ws.readUntilClose().closeCode());
    }
  }
}
