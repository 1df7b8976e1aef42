package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameHeader;
import io.lightwire.websock.protocol.HandshakeKeys;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.WebSocketProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server side driven by hand, byte by byte, for the rules an ordinary server never breaks: it
 * reads the client's request and frames with our codec and writes whatever the test scripts,
 * including invalid frames. Loopback only; every read has a 5 s timeout.
 */
final class RawPeer implements AutoCloseable {

  /** A frame as the client sent it, payload already unmasked. */
  record Frame(boolean fin, int opcode, boolean masked, int maskKey, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key: ([A-Za-z0-9+/=]+)");

  private final ServerSocket listener;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private Socket socket;
  private DataInputStream in;
  private OutputStream out;

  RawPeer() throws IOException {
    listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
  }

  /** Wraps an already accepted server-side socket (attach tests). */
  RawPeer(Socket accepted) throws IOException {
    listener = null;
    use(accepted);
  }

  private void use(Socket accepted) throws IOException {
    socket = accepted;
    socket.setSoTimeout(5_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  int port() {
    return listener.getLocalPort();
  }

  ClientConfig.Builder config() {
    return ClientConfig.builder().host("127.0.0.1").port(port()).handshakeTimeoutMillis(5_000);
  }

  /** Opens a client in the background, accepts it, and returns the future client. */
  Future<WebSocketClient> startOpen(ClientConfig config) throws IOException {
    Future<WebSocketClient> client = executor.submit(() -> WebSocketClient.open(config));
    listener.setSoTimeout(5_000);
    use(listener.accept());
    return client;
  }

  /** Opens a client and completes the upgrade with a correct 101. */
  WebSocketClient open(ClientConfig config) throws Exception {
    Future<WebSocketClient> client = startOpen(config);
    String request = readRequest();
    write(upgradeResponse(request, ""));
    return client.get(5, TimeUnit.SECONDS);
  }

  /** Reads the request head up to the blank line. */
  String readRequest() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertTrue(b >= 0, "request ended early: " + head);
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A correct 101 for the request, with extra header lines ({@code "Name: value\r\n"...}). */
  static String upgradeResponse(String request, String extraHeaders) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: "
        + acceptFor(request)
        + "\r\n"
        + extraHeaders
        + "\r\n";
  }

  static String acceptFor(String request) {
    Matcher m = KEY.matcher(request);
    assertTrue(m.find(), "no Sec-WebSocket-Key in " + request);
    return new HandshakeKeys().accept(m.group(1));
  }

  void write(String ascii) throws IOException {
    write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes one frame as a server would (unmasked unless {@code masked}, which is a violation). */
  void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
    byte[] frame = new byte[14 + payload.length];
    int key = 0x11223344;
    int h = FrameCodec.encodeHeader(frame, 0, fin, opcode, payload.length, masked, key);
    System.arraycopy(payload, 0, frame, h, payload.length);
    if (masked) {
      Masking.mask(frame, h, payload.length, key, 0);
    }
    out.write(frame, 0, h + payload.length);
    out.flush();
  }

  /**
   * The client's next {@code recv} fails as a protocol violation with close code {@code code}, and
   * the close frame this peer reads carries the same code.
   */
  void expectViolation(WebSocketClient client, int code) throws IOException {
    WebSocketProtocolException e =
        assertThrows(
            WebSocketProtocolException.class,
            () -> client.recv(new MessageHeader(), new byte[8], 0, 8, 1_000));
    assertEquals(code, e.closeCode());
    assertEquals(code, readFrame().closeCode());
  }

  /** Reads one client frame and unmasks it. */
  Frame readFrame() throws IOException {
    byte[] header = new byte[14];
    in.readFully(header, 0, 2);
    FrameHeader h = new FrameHeader();
    int need = 2;
    while (FrameCodec.decodeHeader(header, 0, need, h) == FrameCodec.INCOMPLETE) {
      in.readFully(header, need, 1);
      need++;
    }
    byte[] payload = new byte[(int) h.payloadLength];
    in.readFully(payload);
    Masking.mask(payload, 0, payload.length, h.maskKey, 0);
    return new Frame(h.fin, h.opcode, h.masked, h.maskKey, payload);
  }

  /** Asserts the client closed its side: the next read sees EOF. */
  void assertEof() throws IOException {
    assertEquals(-1, in.read(), "expected the client to close the TCP connection");
  }

  InputStream in() {
    return in;
  }

  @Override
  public void close() throws IOException {
    executor.shutdownNow();
    if (socket != null) {
      socket.close();
    }
    if (listener != null) {
      listener.close();
    }
  }
}
