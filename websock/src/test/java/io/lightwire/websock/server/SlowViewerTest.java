package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawWebSocket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A viewer that stops reading must not hold up the loop or the other viewers: under KEEP_NEWEST it
 * skips to the newest message, under REFUSE its refusals are counted; either way the broadcaster
 * never blocks and the others get everything up to the last message.
 */
@Tag("slow")
class SlowViewerTest {

  private static final int MESSAGES = 300;
  private static final int SIZE = 60_000;

  @ParameterizedTest
  @EnumSource(QueuePolicy.class)
  void aStalledViewerDoesNotHoldUpTheOthers(QueuePolicy policy) throws Exception {
    List<WebSocketConnection> viewers = new CopyOnWriteArrayList<>();
    WebSocketHandler handler = new OpenedConnections(viewers);
    Protocol camera = new Protocol("camera", "/camera", handler, policy, 1, () -> null);
    Server server = Server.builder(ServerConfig.loopback()).protocol(camera).open();
    server.start();
    int port = server.localPort();
    try (RawWebSocket fastA = RawWebSocket.open(port, "/camera", "");
        RawWebSocket fastB = RawWebSocket.open(port, "/camera", "");
        RawWebSocket slow = new RawWebSocket(port, 4096)) {
      assertEquals(101, slow.handshake("/camera", ""));
      for (int i = 0; i < 100 && viewers.size() < 3; i++) {
        Thread.sleep(10);
      }
      assertEquals(3, viewers.size());
      CompletableFuture<int[]> a = CompletableFuture.supplyAsync(() -> readAll(fastA));
      CompletableFuture<int[]> b = CompletableFuture.supplyAsync(() -> readAll(fastB));

      // When every broadcast buffer is in flight the broadcast is refused with BACK_PRESSURED (a
      // defined outcome); the stalled viewer must not wedge the pool, so a retry soon succeeds.
      int backPressured = 0;
      ByteBuffer message = ByteBuffer.allocate(SIZE);
      for (int seq = 0; seq < MESSAGES; seq++) {
        int result = WebSocketConnection.BACK_PRESSURED;
        for (int attempt = 0; attempt < 1_000 && result < 0; attempt++) {
          message.clear();
          message.putInt(0, seq);
          result = server.broadcast(camera, false, message);
          if (result < 0) {
            assertEquals(WebSocketConnection.BACK_PRESSURED, result);
            backPressured++;
            Thread.sleep(1);
          }
        }
        assertEquals(SIZE, result, "broadcast " + seq + " accepted within 1000 tries");
        Thread.sleep(1);
      }
      int[] gotA = a.get(30, TimeUnit.SECONDS);
      int[] gotB = b.get(30, TimeUnit.SECONDS);
      assertTrue(backPressured < MESSAGES, "the pool recovered: " + backPressured + " retries");
      Map<Integer, long[]> counters = new HashMap<>();
      CompletableFuture<Void> read = new CompletableFuture<>();
      server.execute(
          () -> {
            for (WebSocketConnection c : viewers) {
              counters.put(
                  c.remoteAddress().getPort(),
                  new long[] {c.messagesDropped(), c.messagesRefused()});
            }
            read.complete(null);
          });
      read.get(5, TimeUnit.SECONDS);
      for (Object[] fast : new Object[][] {{fastA, gotA}, {fastB, gotB}}) {
        int[] got = (int[]) fast[1];
        long[] lost = counters.get(((RawWebSocket) fast[0]).socket.getLocalPort());
        assertTrue(got[0] > 0, "a fast viewer received its messages in order");
        assertEquals(
            MESSAGES, got[0] + lost[0] + lost[1], "every message received or counted as not sent");
        if (policy == QueuePolicy.KEEP_NEWEST) {
          assertEquals(MESSAGES - 1, got[1], "a fast viewer reached the newest message");
        }
      }
      long[] stalled = counters.get(slow.socket.getLocalPort());
      if (policy == QueuePolicy.KEEP_NEWEST) {
        assertTrue(stalled[0] > MESSAGES / 2, "the stalled viewer skipped: " + stalled[0]);
      } else {
        assertTrue(stalled[1] > MESSAGES / 2, "its refusals were counted: " + stalled[1]);
      }
      // The stalled viewer reads at last: whole messages, and under KEEP_NEWEST the newest one.
      slow.socket.setSoTimeout(2_000);
      int last = -1;
      for (int i = 0; i < MESSAGES; i++) {
        RawWebSocket.Frame f;
        try {
          f = slow.read();
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        assertEquals(2, f.opcode());
        assertEquals(SIZE, f.payload().length, "never a cut frame");
        int seq = ByteBuffer.wrap(f.payload()).getInt(0);
        assertTrue(seq > last, "in order");
        last = seq;
      }
      if (policy == QueuePolicy.KEEP_NEWEST) {
        assertEquals(MESSAGES - 1, last, "the stalled viewer skipped to the newest");
      }
    } finally {
      server.stop();
      Pools.assertAllFree(server);
    }
  }

  /**
   * Reads until the last message or a second of silence; returns {messages received (-1 when out of
   * order), last sequence number}.
   */
  private static int[] readAll(RawWebSocket ws) {
    int count = 0;
    int last = -1;
    try {
      ws.socket.setSoTimeout(1_000);
      while (last < MESSAGES - 1) {
        RawWebSocket.Frame f;
        try {
          f = ws.read();
        } catch (java.net.SocketTimeoutException e) {
          break;
        }
        int seq = ByteBuffer.wrap(f.payload()).getInt(0);
        if (seq <= last) {
          return new int[] {-1, seq};
        }
        last = seq;
        count++;
      }
    } catch (java.io.IOException e) {
      return new int[] {-1, last};
    }
    return new int[] {count, last};
  }
}
