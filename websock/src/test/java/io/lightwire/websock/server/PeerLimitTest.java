package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Slow-loris resistance (issue 19, item 15): one address cannot hold every slot, and under slot
 * pressure the oldest unfinished request heads make room, so a legitimate client gets in during an
 * attack. Every loopback client shares 127.0.0.1, so clients here bind other 127.x addresses to be
 * distinct peers.
 */
class PeerLimitTest {

  private Server server;
  private final List<Loris> attackers = new ArrayList<>();

  private int start(ServerConfig config) throws IOException {
    server = Server.open(config, (request, response) -> response.body("text/plain", "ok\n"));
    server.start();
    return server.localPort();
  }

  @AfterEach
  void stop() throws Exception {
    for (Loris l : attackers) {
      l.close();
    }
    if (server == null) {
      return;
    }
    Pools.awaitSlotsInUse(server, 0);
    server.stop();
    Pools.assertAllFree(server);
  }

  /**
   * A reconnecting slow-loris from one address (held back by the per-address limit) and from four
   * (held back by shedding the busiest address's unfinished heads): another client gets in.
   */
  @ParameterizedTest(name = "{0} attacking address(es), {1} connections each")
  @CsvSource({"1, 16, 4", "4, 4, 8"})
  void aReconnectingSlowLorisLeavesRoomForOthers(int addresses, int each, int taken)
      throws Exception {
    int port = start(ServerConfig.builder().maxConnections(8).build());
    for (int a = 0; a < addresses; a++) {
      attackers.add(new Loris(address(2 + a), port, each));
    }
    awaitSlotsTaken(taken);
    long waited = firstSuccess(address(9), port, 3_000);
    assertTrue(waited >= 0, "a legitimate client got no answer within 3 s during the attack");
    if (addresses > 1) {
      assertTrue(server.counters().shedConnections() > 0, "unfinished heads were shed");
    }
  }

  @Test
  void oneAddressPastItsShareGets429WhileAnotherGetsIn() throws Exception {
    int port = start(ServerConfig.builder().maxConnections(8).build());
    assertEquals(4, ServerConfig.builder().maxConnections(8).build().connectionsPerAddressLimit());
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        RawHttp c = new RawHttp(port, address(2));
        assertEquals(200, c.get("/").status());
        held.add(c);
      }
      try (RawHttp fifth = new RawHttp(port, address(2))) {
        RawHttp.Response r = fifth.read();
        assertEquals(429, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertTrue(fifth.closedByServer());
      }
      assertEquals(1, server.counters().refusedPerAddress());
      try (RawHttp other = new RawHttp(port, address(3))) {
        assertEquals(200, other.get("/").status());
      }
    } finally {
      for (RawHttp c : held) {
        c.close();
      }
    }
  }

  @Test
  void theLimitIsConfigurableAndDefaultsToAQuarterOfTheSlotsAtLeastFour() {
    assertEquals(
        4,
        ServerConfig.builder()
            .maxConnections(2)
            .maxConnections(16)
            .build()
            .connectionsPerAddressLimit());
    assertEquals(2, ServerConfig.builder().maxConnections(2).build().connectionsPerAddressLimit());
    assertEquals(8, ServerConfig.builder().maxConnections(32).build().connectionsPerAddressLimit());
    assertEquals(
        32,
        ServerConfig.builder()
            .maxConnections(32)
            .maxConnectionsPerAddress(32)
            .build()
            .connectionsPerAddressLimit());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ServerConfig.builder().maxConnectionsPerAddress(17).build());
    assertTrue(e.getMessage().contains("maxConnectionsPerAddress = 17"), e.getMessage());
  }

  static InetAddress address(int last) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  private void awaitSlotsTaken(int atLeast) throws InterruptedException {
    for (int i = 0; i < 300 && server.connectionSlots().inUse() < atLeast; i++) {
      Thread.sleep(10);
    }
    assertTrue(server.connectionSlots().inUse() >= atLeast, "the attack holds slots");
  }

  /**
   * Tries a GET from {@code source} every 100 ms for at most {@code withinMillis}; returns how long
   * the first 200 took, or -1.
   */
  static long firstSuccess(InetAddress source, int port, long withinMillis) throws Exception {
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(withinMillis);
    while (System.nanoTime() - end < 0) {
      if (get(source, port) == 200) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    return -1;
  }

  /** One GET from {@code source}; the status, or -1 when the connection failed or was cut. */
  static int get(InetAddress source, int port) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      s.setSoTimeout(2_000);
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] line = new byte[12];
      int n = s.getInputStream().readNBytes(line, 0, 12);
      return n == 12 ? Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A slow-loris client: keeps {@code count} connections from {@code source}, each with a request
   * head that never ends, and opens a new one whenever the server closes or refuses one.
   */
  static final class Loris {
    private final InetAddress source;
    private final int port;
    private final Socket[] sockets;
    private final Thread thread;
    private volatile boolean stop;

    Loris(InetAddress source, int port, int count) {
      this.source = source;
      this.port = port;
      this.sockets = new Socket[count];
      this.thread = Thread.ofPlatform().daemon().name("loris-" + source).start(this::run);
    }

    private void run() {
      byte[] scratch = new byte[512];
      while (!stop) {
        for (int i = 0; i < sockets.length && !stop; i++) {
          if (sockets[i] == null || !alive(sockets[i], scratch)) {
            closeQuietly(sockets[i]);
            sockets[i] = connect();
          }
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private Socket connect() {
      Socket s = new Socket();
      try {
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        s.setSoTimeout(1);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes());
        return s;
      } catch (IOException e) {
        closeQuietly(s);
        return null;
      }
    }

    /** False once the server closed (or refused, then closed) the connection. */
    private static boolean alive(Socket s, byte[] scratch) {
      try {
        InputStream in = s.getInputStream();
        return in.read(scratch) >= 0 && alive(s, scratch);
      } catch (SocketTimeoutException e) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static void closeQuietly(Socket s) {
      if (s == null) {
        return;
      }
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }

    void close() throws InterruptedException {
      stop = true;
      thread.join(5_000);
      for (Socket s : sockets) {
        closeQuietly(s);
      }
      assertEquals(false, thread.isAlive(), "attacker stopped");
    }
  }
}
