package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receive flow control inside a dispatch: a handler may pause and resume receiving from its own
 * {@code onMessage}; the frames after it in the same read are then dispatched once each, in order,
 * by the dispatch already running (not a second one started from inside it).
 */
class ReceiveFlowControlTest {

  private Server server;

  @AfterEach
  void stop() throws Exception {
    Pools.stopWhenIdle(server);
  }

  @Test
  void aPauseAndResumeInsideOnMessageDispatchesEachLaterFrameOnceInOrder() throws Exception {
    WebSocketHandler pauseAndResume =
        new WebSocketHandler() {
          @Override
          public void onMessage(WebSocketConnection c, boolean text, ByteBuffer payload) {
            c.send(false, payload);
            c.pauseReceive();
            c.resumeReceive();
          }
        };
    Protocol echo = new Protocol("echo", null, pauseAndResume, QueuePolicy.REFUSE, 128, () -> null);
    server = Server.builder(ServerConfig.loopback()).protocol(echo).open();
    server.start();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.localPort()), 5_000);
      socket.setSoTimeout(5_000);
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      ByteBuffer frames = ByteBuffer.allocate(64);
      for (int i = 0; i < 3; i++) {
        RawClient.putFrame(frames, true, 2, new byte[] {(byte) i}, 0x01020304);
      }
      peer.out.write(frames.array(), 0, frames.position()); // one write: one read, one dispatch
      peer.out.flush();
      int[] opcode = new int[1];
      for (int i = 0; i < 3; i++) {
        byte[] echoed = peer.frame(opcode);
        assertEquals(2, opcode[0], "echo " + i + " is binary");
        assertEquals(1, echoed.length, "echo " + i);
        assertEquals(i, echoed[0], "echo " + i + " once, in order");
      }
      peer.close(); // the next frame is the close answer: no repeated echo before it
    }
  }
}
