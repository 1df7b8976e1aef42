package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lightwire.testsupport.RawWebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection handle belongs to one connection: once it ended, the handle is inert, even after its
 * slot serves the next client (issue 19, item 1).
 */
class ConnectionHandleTest {

  private final Recorder recorder = new Recorder();
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stopAndCheck(server);
  }

  @Test
  void aHandleKeptAfterCloseCannotReachTheNextClientOfItsSlot() throws Exception {
    // One slot, so the second client is served by the first one's slot.
    server =
        Server.builder(ServerConfig.builder().maxConnections(1).build())
            .protocol(Protocol.of("echo", recorder))
            .open();
    server.start();
    int port = server.localPort();
    WebSocketConnection old;
    try (RawWebSocket first = RawWebSocket.open(port, "/", "")) {
      recorder.expect("open echo");
      old = recorder.last.get();
      recorder.closeNormally(first);
    }
    Pools.awaitSlotsInUse(server, 0);
    try (RawWebSocket second = RawWebSocket.open(port, "/", "")) {
      recorder.expect("open echo");
      WebSocketConnection current = recorder.last.get();
      CompletableFuture<String> stale = new CompletableFuture<>();
      server.execute(
          () ->
              stale.complete(
                  old.sendText("stale text")
                      + " "
                      + old.send(false, ByteBuffer.wrap(new byte[] {1, 2, 3}))
                      + " "
                      + old.sendFragment(true, true, true, ByteBuffer.wrap(new byte[] {'x'}))
                      + " "
                      + old.ping(ByteBuffer.allocate(0))
                      + " "
                      + old.isOpen()));
      int closed = WebSocketConnection.CLOSED;
      assertEquals(
          closed + " " + closed + " " + closed + " " + closed + " false",
          stale.get(5, TimeUnit.SECONDS));
      CompletableFuture<Boolean> staleClose = new CompletableFuture<>();
      server.execute(
          () -> {
            old.close(1000, "stale");
            old.pauseReceive();
            old.requestWritable();
            staleClose.complete(current.isOpen());
          });
      assertEquals(true, staleClose.get(5, TimeUnit.SECONDS), "the new connection is untouched");
      // The first frame the new client sees is its own echo: nothing came through the old handle.
      second.sendText("fresh");
      recorder.expect("text fresh");
      RawWebSocket.Frame frame = second.read();
      assertEquals(1, frame.opcode());
      assertEquals("fresh", frame.text());
      assertFalse(old.isOpen());
      recorder.closeNormally(second);
    }
  }
}
