package io.lightwire.websock.client;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_BINARY;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JettyPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** libdill's ws_attach_client_mem / ws_detach over a loopback socket pair driven by hand. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AttachDetachTest {

  private ServerSocketChannel server;
  private SocketChannel clientSide;
  private RawPeer peer;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeEach
  void connectPair() throws IOException {
    server =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    clientSide = SocketChannel.open(server.getLocalAddress());
    peer = new RawPeer(server.accept().socket());
  }

  @AfterEach
  void closePair() throws IOException {
    executor.shutdownNow();
    peer.close();
    clientSide.close();
    server.close();
  }

  @Test
  void attachWithoutHttpExchangesFramesAndDetachReturnsTheOpenChannel() throws Exception {
    ClientConfig config =
        ClientConfig.builder().host("127.0.0.1").buffers(new byte[512], new byte[512]).build();
    WebSocketClient client =
        WebSocketClient.attach(
            clientSide, config, WebSocketClient.NO_HTTP | WebSocketClient.BINARY_ONLY);
    assertThrows(
        IllegalStateException.class,
        () -> WebSocketClient.attach(clientSide, config, WebSocketClient.NO_HTTP),
        "the config's buffers are in use");
    client.sendBinary(new byte[] {1, 2, 3}, 0, 3);
    RawPeer.Frame frame = peer.readFrame();
    assertEquals(OPCODE_BINARY, frame.opcode());
    assertArrayEquals(new byte[] {1, 2, 3}, frame.payload());
    peer.sendFrame(true, OPCODE_BINARY, new byte[] {9}, false);
    byte[] buffer = new byte[8];
    assertEquals(1, client.recv(new MessageHeader(), buffer, 0, 8, 1_000));
    assertEquals(9, buffer[0]);

    Future<SocketChannel> detaching = executor.submit(() -> client.detachChannel(5_000));
    RawPeer.Frame close = peer.readFrame();
    assertEquals(OPCODE_CLOSE, close.opcode());
    assertEquals(1000, close.closeCode());
    peer.sendFrame(true, OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8}, false);
    SocketChannel back = detaching.get(5, TimeUnit.SECONDS);
    assertSame(clientSide, back);
    assertTrue(back.isOpen(), "the channel stays open for the next protocol");
    back.write(ByteBuffer.wrap("raw".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("raw", new String(peer.in().readNBytes(3), StandardCharsets.US_ASCII));
    WebSocketClient again = WebSocketClient.attach(back, config, WebSocketClient.NO_HTTP);
    assertTrue(again.isOpen(), "buffers were released by the clean close");
  }

  @Test
  void attachRunsTheHttpUpgradeWhenAsked() throws Exception {
    ClientConfig config = ClientConfig.builder().host("device.local").path("/ws").build();
    Future<WebSocketClient> attaching =
        executor.submit(() -> WebSocketClient.attach(clientSide, config, 0));
    String request = peer.readRequest();
    assertTrue(request.startsWith("GET /ws HTTP/1.1\r\nHost: device.local\r\n"), request);
    peer.write(RawPeer.upgradeResponse(request, ""));
    WebSocketClient client = attaching.get(5, TimeUnit.SECONDS);
    client.sendText("over http");
    assertEquals("over http", peer.readFrame().text());
  }

  @Test
  void binaryOnlySocketRefusesTextWith1003() throws Exception {
    WebSocketClient client =
        WebSocketClient.attach(
            clientSide,
            ClientConfig.builder().host("h").build(),
            WebSocketClient.NO_HTTP | WebSocketClient.BINARY_ONLY);
    peer.sendFrame(true, OPCODE_TEXT, "no".getBytes(StandardCharsets.US_ASCII), false);
    peer.expectViolation(client, 1003);
  }

  @Test
  void detachWithoutACleanCloseClosesTheChannelAndSaysSo() throws Exception {
    WebSocketClient client =
        WebSocketClient.attach(
            clientSide, ClientConfig.builder().host("h").build(), WebSocketClient.NO_HTTP);
    IOException e = assertThrows(IOException.class, () -> client.detachChannel(200));
    assertTrue(e.getMessage().contains("clean closing handshake"), e.getMessage());
    assertFalse(clientSide.isOpen());
  }

  @Test
  void attachOverAPlainSocketToJetty() throws Exception {
    try (JettyPeer jetty = JettyPeer.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      ClientConfig config =
          ClientConfig.builder().host("127.0.0.1").port(jetty.port()).path("/echo").build();
      WebSocketClient client = WebSocketClient.attach(socket, config, WebSocketClient.TEXT_ONLY);
      client.sendText("attached");
      assertEquals("attached", Messages.receive(client, new byte[64], 5_000).text());
      assertSame(socket, client.detachSocket(5_000));
      assertFalse(socket.isClosed());
    }
  }
}
