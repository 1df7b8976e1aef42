package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3: the blocking client sends a batch with one syscall ({@code cork} / {@code
 * uncork}) and reads in large chunks. Syscalls are counted on the socket itself: the client runs
 * over a {@link CountingSocket} (a real loopback socket whose stream calls are counted) attached
 * with {@link WebSocketClient#attach(Socket, ClientConfig, int)}, against {@link RawPeer} reading
 * and writing raw frames.
 */
class BatchSendTest {

  private ServerSocket listener;
  private RawPeer peer;
  private CountingSocket socket;
  private WebSocketClient client;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void connect() throws Exception {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Socket plain = new Socket();
    plain.setTcpNoDelay(true);
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
    listener.setSoTimeout(5_000);
    peer = new RawPeer(listener.accept());
    socket = new CountingSocket(plain);
  }

  private void attach(int receiveBytes, int sendBytes) throws Exception {
    ClientConfig config =
        ClientConfig.builder()
            .host("127.0.0.1")
            .port(listener.getLocalPort())
            .bufferBytes(receiveBytes, sendBytes)
            .build();
    Future<WebSocketClient> attached =
        executor.submit(() -> WebSocketClient.attach(socket, config, 0));
    peer.write(RawPeer.upgradeResponse(peer.readRequest(), ""));
    client = attached.get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    executor.shutdownNow();
    socket.close();
    peer.close();
    listener.close();
  }

  @Test
  void aCorkedBurstGoesOutInOneWriteAndInOrder() throws Exception {
    attach(16 * 1024, 16 * 1024);
    assertEquals(WebSocketClient.OK, client.cork(1_000));
    long before = socket.writes.get();
    for (int i = 0; i < 64; i++) {
      assertEquals(WebSocketClient.OK, client.sendText("message " + i, 1_000));
    }
    assertEquals(before, socket.writes.get(), "nothing is written while corked");
    assertEquals(WebSocketClient.OK, client.uncork(1_000));
    assertEquals(before + 1, socket.writes.get(), "64 messages, one write");
    for (int i = 0; i < 64; i++) {
      RawPeer.Frame frame = peer.readFrame();
      assertEquals(WebSocketProtocol.OPCODE_TEXT, frame.opcode());
      assertEquals("message " + i, frame.text());
    }
    // Uncorked again: each send is its own write.
    assertEquals(WebSocketClient.OK, client.sendText("after", 1_000));
    assertEquals(before + 2, socket.writes.get());
    assertEquals("after", peer.readFrame().text());
  }

  @Test
  void aBatchLargerThanTheSendBufferIsWrittenAsTheBufferFillsInOrder() throws Exception {
    attach(4096, 1024);
    client.cork();
    long before = socket.writes.get();
    byte[] payload = new byte[100];
    for (int i = 0; i < 100; i++) {
      payload[0] = (byte) i;
      assertEquals(WebSocketClient.OK, client.sendBinary(payload, 0, payload.length, 1_000));
    }
    long whileCorked = socket.writes.get() - before;
    assertTrue(whileCorked >= 9, "a full buffer is written while corked, writes " + whileCorked);
    client.uncork();
    long total = socket.writes.get() - before;
    int bytes = 100 * (FrameCodec.headerLength(100, true) + 100);
    assertTrue(
        total <= (bytes + 1023) / 1024 + 1,
        bytes + " bytes through a 1024-byte buffer took " + total + " writes");
    for (int i = 0; i < 100; i++) {
      RawPeer.Frame frame = peer.readFrame();
      assertEquals(100, frame.payload().length);
      assertEquals((byte) i, frame.payload()[0], "message order");
    }
  }

  @Test
  void aCloseWritesWhatWasCorkedBeforeIt() throws Exception {
    attach(4096, 4096);
    client.cork();
    client.sendText("last words", 1_000);
    Future<Boolean> closed = executor.submit(() -> client.close(1000, "bye", 5_000));
    assertEquals("last words", peer.readFrame().text());
    RawPeer.Frame close = peer.readFrame();
    assertEquals(WebSocketProtocol.OPCODE_CLOSE, close.opcode());
    assertEquals(1000, close.closeCode());
    peer.sendFrame(true, WebSocketProtocol.OPCODE_CLOSE, close.payload(), false);
    assertTrue(closed.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aCorkedSendThatMustWriteStillMeetsItsDeadline() throws Exception {
    attach(4096, 64 * 1024);
    client.cork();
    byte[] payload = new byte[60 * 1024];
    int result = WebSocketClient.OK;
    long start = System.nanoTime();
    // The peer does not read: once the socket buffers are full, the write a full send buffer
    // forces blocks, and the send's 200 ms deadline fails it (the frame would be cut otherwise).
    for (int i = 0; i < 2_000 && result == WebSocketClient.OK; i++) {
      result = client.sendBinary(payload, 0, payload.length, 200);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(WebSocketClient.TIMEOUT, result, "after " + millis + " ms");
    assertFalse(client.isOpen());
    assertEquals(1006, client.status().code());
    assertEquals(WebSocketClient.CLOSED, client.uncork(100));
  }

  @Test
  void oneReadFillsTheReceiveBufferWithManyFramesDeliveredOneByOne() throws Exception {
    attach(16 * 1024, 4096);
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < 64; i++) {
      byte[] text = ("frame " + i).getBytes(StandardCharsets.UTF_8);
      byte[] header = new byte[14];
      int h = FrameCodec.encodeHeader(header, 0, true, 1, text.length, false, 0);
      burst.write(header, 0, h);
      burst.write(text);
    }
    long before = socket.reads.get();
    peer.write(burst.toByteArray()); // one write of 64 frames; on loopback they arrive together
    byte[] buffer = new byte[256];
    for (int i = 0; i < 64; i++) {
      assertEquals("frame " + i, Messages.receive(client, buffer, 5_000).text());
    }
    assertEquals(1, socket.reads.get() - before, "64 frames, one read");
  }

  /** A connected socket whose stream calls are counted (one call: one syscall, for plain TCP). */
  private static final class CountingSocket extends Socket {
    final AtomicLong writes = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    private final Socket socket;

    CountingSocket(Socket socket) {
      this.socket = socket;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream out = socket.getOutputStream();
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          writes.incrementAndGet();
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writes.incrementAndGet();
          out.write(b, off, len);
        }
      };
    }

    @Override
    public InputStream getInputStream() throws IOException {
      InputStream in = socket.getInputStream();
      return new InputStream() {
        @Override
        public int read() throws IOException {
          reads.incrementAndGet();
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          reads.incrementAndGet();
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public void setSoTimeout(int timeout) throws java.net.SocketException {
      socket.setSoTimeout(timeout);
    }

    @Override
    public synchronized void close() throws IOException {
      socket.close();
    }
  }
}
