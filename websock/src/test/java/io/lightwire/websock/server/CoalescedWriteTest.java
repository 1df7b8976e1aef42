package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes made while the loop dispatches one read are coalesced (issue 15, item 1): the replies a
 * batch of frames triggers leave in one or two write calls, in order, with broadcasts and text
 * sends between them where they were made, flushed early when the transmit buffer fills, and one
 * TLS write per flush.
 */
class CoalescedWriteTest {

  private static final int BATCH = 64;

  @TempDir Path dir;
  @RegisterExtension final EchoFixture fixture = new EchoFixture();

  @Test
  void theRepliesToOneReadLeaveInOneOrTwoWritesInOrder() throws Exception {
    int port = fixture.start(ServerConfig.loopback(), null);
    try (Socket socket = Loopback.connect(port)) {
      socket.setTcpNoDelay(true);
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      long before = fixture.server.counters().socketWrites();
      peer.out.write(batch(0, BATCH, 4));
      expectBatch(peer, 0, BATCH);
      long writes = fixture.server.counters().socketWrites() - before;
      assertTrue(writes <= 2, BATCH + " replies took " + writes + " writes");
      peer.close();
    }
  }

  @Test
  void aFullTransmitBufferIsFlushedEarlyAndNothingIsLostOrReordered() throws Exception {
    // Room for one 125-byte frame: every reply after the first in a batch flushes the one before.
    ServerConfig small =
        ServerConfig.builder().maxMessageBytes(125).txBufferBytes(125 + 14).build();
    int port = fixture.start(small, null);
    try (Socket socket = Loopback.connect(port)) {
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      peer.out.write(batch(0, BATCH, 125));
      expectBatch(peer, 0, BATCH);
      assertEquals(0, fixture.backPressured.get(), "the socket had room: nothing was refused");
      peer.close();
    }
  }

  @Test
  void aPeerThatStopsReadingGetsBackPressureAndEveryAcceptedReplyLater() throws Exception {
    int port = fixture.start(ServerConfig.loopback(), null);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      int sent = 0;
      // Batches of frames without reading, until the server refuses replies (or a bound).
      while (fixture.backPressured.get() == 0 && sent < 200_000) {
        peer.out.write(batch(sent, BATCH, 1000));
        sent += BATCH;
        Thread.sleep(1);
      }
      assertTrue(fixture.backPressured.get() > 0, "the server saw a full socket after " + sent);
      Thread.sleep(200); // the frames in flight are dispatched too
      int expectedEchoes = fixture.accepted.get();
      int[] seen = readEchoes(peer, expectedEchoes);
      for (int i = 1; i < seen.length; i++) {
        assertTrue(seen[i] > seen[i - 1], "in order: " + seen[i - 1] + " then " + seen[i]);
      }
      assertEquals(expectedEchoes, seen.length);
    }
  }

  @Test
  void overTlsTheRepliesToOneRecordLeaveInOneOrTwoWrites() throws Exception {
    try (SSLSocket socket = fixture.startWithTls(ServerConfig.loopback(), dir)) {
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      long before = fixture.server.counters().socketWrites();
      peer.out.write(batch(0, BATCH, 4)); // one TLS record
      peer.out.flush();
      expectBatch(peer, 0, BATCH);
      long writes = fixture.server.counters().socketWrites() - before;
      assertTrue(writes <= 2, BATCH + " replies took " + writes + " TLS writes");
      peer.close();
    }
  }

  /** {@code count} masked binary frames of {@code size} bytes starting with their sequence. */
  private static byte[] batch(int first, int count, int size) {
    int header = size < 126 ? 6 : 8;
    ByteBuffer out = ByteBuffer.allocate(count * (header + size));
    for (int i = 0; i < count; i++) {
      out.put((byte) 0x82);
      if (size < 126) {
        out.put((byte) (0x80 | size));
      } else {
        out.put((byte) (0x80 | 126)).putShort((short) size);
      }
      out.putInt(0); // a zero mask: the payload goes as it is
      out.putInt(first + i);
      out.position(out.position() + size - 4);
    }
    return out.array();
  }

  /**
   * The echoes of {@code count} messages from {@code first}, with each 8th's text and broadcast.
   */
  private static void expectBatch(RawClient peer, int first, int count) throws IOException {
    int[] opcode = new int[1];
    for (int i = first; i < first + count; i++) {
      byte[] echo = peer.frame(opcode);
      assertEquals(2, opcode[0], "binary echo of " + i);
      assertEquals(i, ByteBuffer.wrap(echo).getInt(), "echo order");
      if (i % 8 == 7) {
        assertEquals("t" + i, new String(peer.frame(opcode), StandardCharsets.UTF_8));
        assertEquals("b" + i, new String(peer.frame(opcode), StandardCharsets.UTF_8));
      }
    }
  }

  /** Reads frames until {@code count} binary echoes came; returns their sequence numbers. */
  private static int[] readEchoes(RawClient peer, int count) throws IOException {
    int[] seen = new int[count];
    int[] opcode = new int[1];
    int n = 0;
    while (n < count) {
      byte[] payload = peer.frame(opcode);
      if (opcode[0] == 2) {
        seen[n++] = ByteBuffer.wrap(payload).getInt();
      }
    }
    return seen;
  }
}
