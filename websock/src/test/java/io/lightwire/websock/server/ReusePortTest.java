package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JdkPeer;
import java.io.IOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several servers on one port through {@code SO_REUSEPORT} ({@link Server.Builder#reusePort}), each
 * with its own service thread, against the JDK's WebSocket client; every pool of every server is
 * back to zero after the stop.
 */
class ReusePortTest {

  /** Connections tried until both servers got one: all on one of two has odds of 2^-31. */
  private static final int MAX_CONNECTS = 32;

  private final List<Server> servers = new ArrayList<>();
  private final List<JdkPeer> peers = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (JdkPeer peer : peers) {
      peer.close();
    }
    for (Server server : servers) {
      if (server.isStopped()) {
        Pools.assertAllFree(server);
      } else {
        Pools.stopWhenIdle(server);
      }
    }
  }

  /** Starts an echo server on {@code port} that counts its echoes in {@code echoed}. */
  private Server open(int port, boolean reusePort, AtomicInteger echoed) throws IOException {
    WebSocketHandler handler =
        new WebSocketHandler() {
          @Override
          public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
            if (c.send(text, payload) >= 0) {
              echoed.incrementAndGet();
            }
          }
        };
    ServerConfig config =
        ServerConfig.builder()
            .port(port)
            .maxConnections(MAX_CONNECTS + 1)
            .maxConnectionsPerAddress(MAX_CONNECTS + 1)
            .build();
    Server server =
        Server.builder(config)
            .protocol(new Protocol("echo", null, handler, QueuePolicy.REFUSE, 4, () -> null))
            .reusePort(reusePort)
            .open();
    servers.add(server);
    server.start();
    return server;
  }

  /** Connects a JDK client to {@code port} and has one message echoed. */
  private void echoOnce(int port, String text) throws Exception {
    JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/");
    peers.add(peer);
    peer.socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    assertEquals(text, peer.next());
  }

  @Test
  void twoServersOnOnePortBothAcceptAndServeClients() throws Exception {
    AtomicInteger firstEchoed = new AtomicInteger();
    AtomicInteger secondEchoed = new AtomicInteger();
    Server first = open(0, true, firstEchoed);
    Server second = open(first.localPort(), true, secondEchoed);
    assertEquals(first.localPort(), second.localPort());
    int port = first.localPort();
    for (int i = 0;
        i < MAX_CONNECTS
            && (first.connectionSlots().inUse() == 0 || second.connectionSlots().inUse() == 0);
        i++) {
      echoOnce(port, "m" + i);
    }
    assertTrue(
        first.connectionSlots().inUse() > 0 && second.connectionSlots().inUse() > 0,
        "the kernel gave every connection to one server: "
            + first.connectionSlots().inUse()
            + " and "
            + second.connectionSlots().inUse());
    assertEquals(peers.size(), first.connectionSlots().inUse() + second.connectionSlots().inUse());
    assertEquals(first.connectionSlots().inUse(), firstEchoed.get(), "each echoes its own");
    assertEquals(second.connectionSlots().inUse(), secondEchoed.get(), "each echoes its own");

    // One server stops (its clients get 1001); the port stays served by the other.
    int secondBefore = second.connectionSlots().inUse();
    first.stop();
    Pools.assertAllFree(first);
    echoOnce(port, "after");
    Pools.awaitSlotsInUse(second, secondBefore + 1);
  }

  @Test
  void withoutReusePortASecondServerOnAUsedPortFailsToBind() throws Exception {
    Server plain = open(0, false, new AtomicInteger());
    int port = plain.localPort();
    BindException e =
        assertThrows(BindException.class, () -> open(port, false, new AtomicInteger()));
    assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + port), e.getMessage());
    assertThrows(
        BindException.class,
        () -> open(port, true, new AtomicInteger()),
        "a server that did not ask to share its port is not joined");

    Server sharing = open(0, true, new AtomicInteger());
    assertThrows(
        BindException.class,
        () -> open(sharing.localPort(), false, new AtomicInteger()),
        "a server that does not ask to share never takes a shared port");
  }
}
