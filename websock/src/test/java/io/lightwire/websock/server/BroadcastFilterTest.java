package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.RawWebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A filtered broadcast reaches only the connections its filter accepts, is encoded once (one
 * broadcast buffer, back to its pool afterwards), and a filter that throws skips its connection
 * without stopping the loop.
 */
class BroadcastFilterTest {

  @Test
  void onlyAcceptedConnectionsReceiveTheMessage() throws Exception {
    List<WebSocketConnection> viewers = new CopyOnWriteArrayList<>();
    WebSocketHandler handler = new OpenedConnections(viewers);
    Protocol camera =
        new Protocol("camera", "/camera", handler, QueuePolicy.KEEP_NEWEST, 2, () -> null);
    Server server = Server.builder(ServerConfig.loopback()).protocol(camera).open();
    server.start();
    int port = server.localPort();
    try (RawWebSocket wanted = RawWebSocket.open(port, "/camera", "");
        RawWebSocket unwanted = RawWebSocket.open(port, "/camera", "")) {
      for (int i = 0; i < 200 && viewers.size() < 2; i++) {
        Thread.sleep(10);
      }
      assertEquals(2, viewers.size());
      int wantedPort = wanted.socket.getLocalPort();
      BroadcastFilter onlyWanted = c -> c.remoteAddress().getPort() == wantedPort;
      assertEquals(
          3, server.broadcast(camera, false, ByteBuffer.wrap(new byte[] {1, 2, 3}), onlyWanted));
      BroadcastFilter throwing =
          c -> {
            throw new IllegalStateException("filter failure (expected by the test)");
          };
      assertEquals(1, server.broadcast(camera, false, ByteBuffer.wrap(new byte[] {9}), throwing));
      assertEquals(1, server.broadcast(camera, false, ByteBuffer.wrap(new byte[] {4}), c -> true));

      wanted.socket.setSoTimeout(5_000);
      assertEquals(3, wanted.read().payload().length);
      assertEquals(4, wanted.read().payload()[0], "the throwing filter skipped it");
      unwanted.socket.setSoTimeout(5_000);
      assertEquals(4, unwanted.read().payload()[0], "only the unfiltered message came");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (server.memory().broadcastBuffers().inUse() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, server.memory().broadcastBuffers().inUse());
    } finally {
      server.stop();
    }
    assertEquals(0, server.memory().broadcastBuffers().inUse());
    assertEquals(0, server.connectionSlots().inUse());
  }
}
