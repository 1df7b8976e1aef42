package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JdkMessages;
import io.lightwire.websock.protocol.HandshakeKeys;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.protocol.WebSocketProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libdill's {@code ws_attach_server}: the caller accepts a socket and answers the upgrade itself,
 * then {@link WebSocketClient#attachServer} runs the protocol in the server role. The peer is the
 * JDK's own {@code java.net.http.WebSocket} client, an independent implementation.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttachServerTest {

  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)");

  /** The caller's own handshake: reads the request head, answers 101. Returns the request. */
  private static String answerUpgrade(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early: " + head);
      }
      head.write(b);
    }
    String request = head.toString(StandardCharsets.ISO_8859_1);
    Matcher key = KEY.matcher(request);
    assertTrue(key.find(), request);
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + new HandshakeKeys().accept(key.group(1))
            + "\r\n\r\n";
    socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
    return request;
  }

  /** Echoes data messages (reassembled) until the peer's close; returns the messages echoed. */
  private static int echoUntilClose(WebSocketClient ws) throws IOException {
    MessageHeader header = new MessageHeader();
    byte[] message = new byte[200_000];
    int length = 0;
    int echoed = 0;
    while (true) {
      int n = ws.recv(header, message, length, message.length - length, 10_000);
      assertTrue(n >= 0, "recv returned " + n);
      if (header.opcode() == WebSocketProtocol.OPCODE_CLOSE) {
        return echoed;
      }
      length += n;
      if (header.endOfMessage()) {
        int sent =
            header.isText() ? ws.sendText(message, 0, length) : ws.sendBinary(message, 0, length);
        assertEquals(WebSocketClient.OK, sent);
        echoed++;
        length = 0;
      }
    }
  }

  @Test
  void aServerSideSocketOverTheCallersHandshakeEchoesTheJdkClient() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JdkMessages received = new JdkMessages();
      CompletableFuture<WebSocket> connecting =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/raw"), received);
      listener.setSoTimeout(10_000);
      try (Socket accepted = listener.accept()) {
        assertTrue(answerUpgrade(accepted).startsWith("GET /raw HTTP/1.1\r\n"));
        WebSocketClient ws =
            WebSocketClient.attachServer(accepted, ClientConfig.builder().build(), 0, null);
        WebSocket jdk = connecting.get(10, TimeUnit.SECONDS);
        jdk.sendText("hello from the jdk", true).get(5, TimeUnit.SECONDS);
        jdk.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
        jdk.sendText("frag", false).get(5, TimeUnit.SECONDS);
        jdk.sendPing(ByteBuffer.wrap(new byte[] {9})).get(5, TimeUnit.SECONDS);
        jdk.sendText("mented", true).get(5, TimeUnit.SECONDS);
        byte[] big = new byte[100_000]; // one frame larger than the 16 KiB receive buffer
        new java.util.Random(3).nextBytes(big);
        jdk.sendBinary(ByteBuffer.wrap(big), true).get(5, TimeUnit.SECONDS);
        jdk.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        assertEquals(4, echoUntilClose(ws));
        assertEquals("hello from the jdk", received.next(5));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) received.next(5));
        assertEquals("pong 1", received.next(5), "the ping was answered with an unmasked pong");
        assertEquals("fragmented", received.next(5));
        assertArrayEquals(big, (byte[]) received.next(5));
        assertEquals("close 1000", received.next(5), "our answer to the close");
        assertEquals(new CloseStatus(1000, "done"), ws.status());
        assertSame(accepted, ws.detachSocket(1_000), "a clean close hands the socket back");
        assertFalse(accepted.isClosed());
      }
    }
  }

  @Test
  void theServerRoleClosesFirstAndTheJdkClientAnswers() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JdkMessages received = new JdkMessages();
      CompletableFuture<WebSocket> connecting =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"), received);
      listener.setSoTimeout(10_000);
      try (Socket accepted = listener.accept()) {
        answerUpgrade(accepted);
        WebSocketClient ws =
            WebSocketClient.attachServer(accepted, ClientConfig.builder().build(), 0, null);
        connecting.get(10, TimeUnit.SECONDS);
        assertEquals(WebSocketClient.OK, ws.sendText("bye soon", 1_000));
        assertEquals("bye soon", received.next(5));
        assertTrue(ws.close(4001, "server done", 5_000), "the JDK client answered our close");
        assertEquals("close 4001", received.next(5));
      }
    }
  }

  @Test
  void anUnmaskedFrameToTheServerRoleFailsTheConnectionWith1002() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket accepted = listener.accept()) {
      WebSocketClient ws =
          WebSocketClient.attachServer(accepted, ClientConfig.builder().build(), 0, null);
      client.getOutputStream().write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
      WebSocketProtocolException e =
          assertThrows(
              WebSocketProtocolException.class,
              () -> ws.recv(new MessageHeader(), new byte[16], 0, 16, 5_000));
      assertEquals(1002, e.closeCode());
      InputStream in = client.getInputStream();
      assertEquals(0x88, in.read(), "a close frame");
      assertEquals(0, in.read() & 0x80, "sent unmasked by the server role");
    }
  }
}
