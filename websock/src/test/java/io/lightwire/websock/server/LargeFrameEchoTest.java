package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large messages (issue 15, the pipeline target at 16 and 60 KiB): a message that arrived whole is
 * handed to the handler where it lies in the receive buffer (no copy into the message buffer); one
 * split across reads or fragments is joined. Every echo must be byte-exact and in order with the
 * text sends and broadcasts made between them, over TCP and TLS, and when the peer stops reading in
 * the middle of a payload.
 */
class LargeFrameEchoTest {

  private static final int LARGE = 20_000;
  private static final int SMALL = 100;
  private static final int MASK = 0x5A_C3_17_E9;

  @TempDir Path dir;
  @RegisterExtension final EchoFixture fixture = new EchoFixture();

  @Test
  void pipelinedLargeAndSmallEchoesStayExactAndInOrder() throws Exception {
    pipelineOverTcp(wideReceive(), 64);
    assertEquals(0, fixture.backPressured.get(), "the peer kept reading: nothing was refused");
  }

  @Test
  void messagesSplitAcrossReadsOfASmallReceiveBufferAreJoinedExactly() throws Exception {
    // 16 KiB of receive buffer: every 20 000-byte message spans reads and is joined by copying.
    pipelineOverTcp(ServerConfig.loopback(), 32);
  }

  @Test
  void aFragmentedMessageIsJoinedAndOneWithEmptyFirstFragmentsIsNot() throws Exception {
    int port = fixture.start(wideReceive(), null);
    try (Socket socket = connect(port)) {
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      byte[] whole = payload(0, LARGE);
      byte[] first = java.util.Arrays.copyOfRange(whole, 0, 7_000);
      byte[] rest = java.util.Arrays.copyOfRange(whole, 7_000, LARGE);
      ByteBuffer out = ByteBuffer.allocate(2 * LARGE + 100);
      RawClient.putFrame(out, false, 2, first, MASK); // joined in the message buffer
      RawClient.putFrame(out, true, 0, rest, MASK);
      byte[] second = payload(1, LARGE);
      RawClient.putFrame(out, false, 2, new byte[0], MASK); // empty first fragment
      RawClient.putFrame(out, true, 0, second, MASK); // the whole message is this one piece
      peer.out.write(out.array(), 0, out.position());
      peer.out.flush();
      expectEchoes(peer, 0, new int[] {LARGE, LARGE});
      peer.close();
    }
  }

  @Test
  void aPeerThatStopsReadingMidPayloadGetsEveryAcceptedEchoWholeAndInOrder() throws Exception {
    int port = fixture.start(wideReceive(), null);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(8192);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      int sent = 0;
      // Large frames without reading, until the server refuses an echo (or a bound): the socket
      // fills in the middle of a payload written straight from the receive buffer.
      int[] sizes = new int[8];
      java.util.Arrays.fill(sizes, LARGE);
      while (fixture.backPressured.get() == 0 && sent < 20_000) {
        peer.out.write(frames(sent, sizes));
        sent += sizes.length;
        Thread.sleep(1);
      }
      assertTrue(fixture.backPressured.get() > 0, "the server saw a full socket after " + sent);
      Thread.sleep(200); // the frames in flight are dispatched too
      int expected = fixture.accepted.get();
      int[] opcode = new int[1];
      int previous = -1;
      int echoes = 0;
      while (echoes < expected) {
        byte[] echo = peer.frame(opcode);
        if (opcode[0] != 2) {
          continue; // the text lines and broadcasts of every 8th
        }
        int sequence = ByteBuffer.wrap(echo).getInt();
        assertTrue(sequence > previous, "in order: " + previous + " then " + sequence);
        assertArrayEquals(payload(sequence, LARGE), echo, "echo " + sequence + " intact");
        previous = sequence;
        echoes++;
      }
    }
  }

  @Test
  void overTlsLargeAndSmallEchoesStayExactAndInOrder() throws Exception {
    try (SSLSocket socket = fixture.startWithTls(wideReceive(), dir)) {
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      echoesExact(peer, alternating(32));
      peer.close();
    }
  }

  /** A receive buffer that holds several large frames, so most arrive whole in one read. */
  private static ServerConfig wideReceive() {
    return ServerConfig.builder().rxBufferBytes(256 * 1024).build();
  }

  /** {@code count} large and small messages pipelined over plain TCP, echoed exactly. */
  private void pipelineOverTcp(ServerConfig config, int count) throws Exception {
    int port = fixture.start(config, null);
    try (Socket socket = connect(port)) {
      RawClient peer = new RawClient(socket.getInputStream(), socket.getOutputStream());
      peer.handshake();
      echoesExact(peer, alternating(count));
      peer.close();
    }
  }

  /** Writes frames of {@code sizes} from another thread while reading their exact echoes. */
  private static void echoesExact(RawClient peer, int[] sizes) throws Exception {
    CompletableFuture<Void> writing = writeInBackground(peer, frames(0, sizes));
    expectEchoes(peer, 0, sizes);
    writing.get(10, TimeUnit.SECONDS);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = Loopback.connect(port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** {@code count} sizes: large, small, large, small... */
  private static int[] alternating(int count) {
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = i % 2 == 0 ? LARGE : SMALL;
    }
    return sizes;
  }

  /** Message {@code sequence}'s payload: its sequence number, then a pattern of its own. */
  private static byte[] payload(int sequence, int size) {
    byte[] p = new byte[size];
    for (int j = 4; j < size; j++) {
      p[j] = (byte) (sequence * 31 + j * 7);
    }
    ByteBuffer.wrap(p).putInt(sequence);
    return p;
  }

  /** Masked binary frames, one per size, numbered from {@code first}. */
  private static byte[] frames(int first, int[] sizes) {
    int total = 0;
    for (int size : sizes) {
      total += size + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (int i = 0; i < sizes.length; i++) {
      RawClient.putFrame(out, true, 2, payload(first + i, sizes[i]), MASK + i);
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  private static CompletableFuture<Void> writeInBackground(RawClient peer, byte[] bytes) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            peer.out.write(bytes);
            peer.out.flush();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** The byte-exact echoes of messages {@code first...}, with each 8th's text and broadcast. */
  private static void expectEchoes(RawClient peer, int first, int[] sizes) throws IOException {
    int[] opcode = new int[1];
    for (int k = 0; k < sizes.length; k++) {
      int i = first + k;
      byte[] echo = peer.frame(opcode);
      assertEquals(2, opcode[0], "binary echo of " + i);
      assertArrayEquals(payload(i, sizes[k]), echo, "echo " + i + " byte-exact and in order");
      if (i % 8 == 7) {
        assertEquals("t" + i, new String(peer.frame(opcode), StandardCharsets.UTF_8));
        assertEquals("b" + i, new String(peer.frame(opcode), StandardCharsets.UTF_8));
      }
    }
  }
}
