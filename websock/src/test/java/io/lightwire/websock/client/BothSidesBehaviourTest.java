package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.FrameCodec;
import io.lightwire.websock.protocol.FrameHeader;
import io.lightwire.websock.protocol.HandshakeKeys;
import io.lightwire.websock.protocol.Masking;
import io.lightwire.websock.protocol.Result;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 item 1: the client and the server stand on one frame layer, so the same call with the
 * same input has the same outcome on both sides: the same result or exception, and the same frame
 * on the wire. Each case runs through our client (a raw server-role peer reads its frames) and
 * through our server (a raw client-role peer reads them), and the two outcomes must be equal, and
 * equal to the one the project chose (docs/decisions.md, "frame").
 */
class BothSidesBehaviourTest {

  /** One call a connection makes; both sides implement it. */
  interface Side extends AutoCloseable {
    /** Runs the call: "sent", a {@link Result} name, or the exception's class name. */
    String sendText(String text) throws Exception;

    String ping(int length) throws Exception;

    String closeWith(int code, String reason) throws Exception;

    @Override
    void close() throws IOException;

    /** The next frame the peer read, as "opcode hex-payload". */
    String nextFrame() throws Exception;

    /** The peer sends one frame (masked when it is the client); the side reads it. */
    void peerSends(boolean fin, int opcode, byte[] payload) throws Exception;
  }

  record Case(String name, String call, String arg, String outcome, String wire) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String REASON_123 = "r".repeat(123);

  static Stream<Arguments> cases() {
    Stream<Case> cases =
        Stream.of(
            new Case("text with a surrogate pair", "text", "\uD83D\uDE00", "sent", "1 f09f9880"),
            new Case(
                "text with an unpaired surrogate is refused",
                "text",
                "a\uD800b",
                "IllegalArgumentException",
                null),
            new Case("ping of 125 bytes", "ping", "125", "sent", "9 " + "00".repeat(125)),
            new Case("ping of 126 bytes is TOO_BIG", "ping", "126", "TOO_BIG", null),
            new Case(
                "close reason of 123 bytes is sent whole",
                "close",
                REASON_123,
                "sent",
                "8 03e8" + HexFormat.of().formatHex(REASON_123.getBytes(StandardCharsets.UTF_8))),
            new Case(
                "close reason of 124 bytes is refused, not cut",
                "close",
                "r".repeat(124),
                "IllegalArgumentException",
                null),
            new Case(
                "close reason whose last character crosses 123 bytes is refused",
                "close",
                "r".repeat(122) + "\u20AC",
                "IllegalArgumentException",
                null));
    return cases.flatMap(c -> Stream.of(Arguments.of("client", c), Arguments.of("server", c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void theSameInputHasTheSameOutcomeOnBothSides(String sideName, Case c) throws Exception {
    try (Side side = sideName.equals("client") ? new ClientSide() : new ServerSide()) {
      String outcome =
          switch (c.call()) {
            case "text" -> side.sendText(c.arg());
            case "ping" -> side.ping(Integer.parseInt(c.arg()));
            default -> side.closeWith(1000, c.arg());
          };
      assertEquals(c.outcome(), outcome, sideName + ": " + c.name());
      if (c.wire() != null) {
        assertEquals(c.wire(), side.nextFrame(), sideName + ": the frame on the wire");
      } else {
        // Nothing went out: the next frame the peer sees is a marker sent after the call.
        assertEquals("sent", side.sendText("marker"));
        assertEquals("1 " + HexFormat.of().formatHex("marker".getBytes()), side.nextFrame());
      }
    }
  }

  record Incoming(String name, boolean fin, int opcode, String payloadHex, int closeCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> incoming() {
    Stream<Incoming> cases =
        Stream.of(
            new Incoming("close reason that is not UTF-8", true, 8, "03e8c328", 1007),
            new Incoming("close with code 1005 on the wire", true, 8, "03ed", 1002),
            new Incoming("close payload of 1 byte", true, 8, "03", 1002),
            new Incoming("ping of 126 bytes", true, 9, "00".repeat(126), 1002),
            new Incoming("fragmented ping", false, 9, "01", 1002),
            new Incoming("text that is not UTF-8", true, 1, "c328", 1007),
            new Incoming("continuation without a message", true, 0, "41", 1002),
            new Incoming("reserved opcode 3", true, 3, "", 1002));
    return cases.flatMap(c -> Stream.of(Arguments.of("client", c), Arguments.of("server", c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("incoming")
  void theSameViolationClosesWithTheSameCodeOnBothSides(String sideName, Incoming c)
      throws Exception {
    try (Side side = sideName.equals("client") ? new ClientSide() : new ServerSide()) {
      side.peerSends(c.fin(), c.opcode(), HexFormat.of().parseHex(c.payloadHex()));
      String close = side.nextFrame();
      assertTrue(close.startsWith("8 "), sideName + " answered " + close);
      assertEquals(
          c.closeCode(), Integer.parseInt(close.substring(2, 6), 16), sideName + ": " + close);
    }
  }

  private static String outcome(int result) {
    return result >= 0 ? "sent" : Result.name(result);
  }

  private static String frame(DataInputStream in) throws IOException {
    byte[] header = new byte[14];
    in.readFully(header, 0, 2);
    FrameHeader h = new FrameHeader();
    int need = 2;
    while (FrameCodec.decodeHeader(header, 0, need, h) == FrameCodec.INCOMPLETE) {
      in.readFully(header, need++, 1);
    }
    byte[] payload = new byte[(int) h.payloadLength];
    in.readFully(payload);
    if (h.masked) {
      Masking.mask(payload, 0, payload.length, h.maskKey, 0);
    }
    return Integer.toHexString(h.opcode) + " " + HexFormat.of().formatHex(payload);
  }

  /** Our client; {@link RawPeer} is the server and reads its frames. */
  private static final class ClientSide implements Side {
    private final RawPeer peer = new RawPeer();
    private final WebSocketClient client;
    private final DataInputStream in;

    ClientSide() throws Exception {
      client = peer.open(peer.config().build());
      in = new DataInputStream(peer.in());
    }

    @Override
    public String sendText(String text) throws Exception {
      try {
        return outcome(client.sendText(text, 1_000));
      } catch (IllegalArgumentException e) {
        return e.getClass().getSimpleName();
      }
    }

    @Override
    public String ping(int length) throws Exception {
      return outcome(client.ping(new byte[length], 0, length, 1_000));
    }

    @Override
    public String closeWith(int code, String reason) throws Exception {
      try {
        client.close(code, reason, 0); // no wait for the peer's answer: the frame is what counts
        return "sent";
      } catch (IllegalArgumentException e) {
        return e.getClass().getSimpleName();
      }
    }

    @Override
    public String nextFrame() throws Exception {
      return frame(in);
    }

    @Override
    public void peerSends(boolean fin, int opcode, byte[] payload) throws Exception {
      peer.sendFrame(fin, opcode, payload, false);
      try {
        client.recv(new MessageHeader(), new byte[256], 0, 256, 5_000);
      } catch (IOException expected) {
        // The violation fails the connection; its close frame is what the test compares.
      }
    }

    @Override
    public void close() throws IOException {
      peer.close();
    }
  }

  /** Our server; a raw client-role socket upgrades and reads its frames. */
  private static final class ServerSide implements Side {
    private final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
    private final Server server;
    private final Socket socket;
    private final DataInputStream in;
    private final WebSocketConnection connection;

    ServerSide() throws Exception {
      WebSocketHandler handler =
          new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketConnection c) {
              opened.complete(c);
            }
          };
      server = Server.builder(ServerConfig.loopback()).protocol(Protocol.of("p", handler)).open();
      server.start();
      socket = new Socket(InetAddress.getLoopbackAddress(), server.localPort());
      socket.setSoTimeout(5_000);
      String key = "dGhlIHNhbXBsZSBub25jZQ==";
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: "
                  + key
                  + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: p\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      in = new DataInputStream(socket.getInputStream());
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        head.write(in.readUnsignedByte());
      }
      String response = head.toString(StandardCharsets.ISO_8859_1);
      assertTrue(response.startsWith("HTTP/1.1 101"), response);
      assertTrue(response.contains(new HandshakeKeys().accept(key)), response);
      connection = opened.get(5, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code call} on the service thread (where sends must be made) and returns its outcome.
     */
    private String onServiceThread(java.util.function.Supplier<String> call) throws Exception {
      CompletableFuture<String> result = new CompletableFuture<>();
      assertTrue(
          server.execute(
              () -> {
                try {
                  result.complete(call.get());
                } catch (IllegalArgumentException e) {
                  result.complete(e.getClass().getSimpleName());
                }
              }));
      return result.get(5, TimeUnit.SECONDS);
    }

    @Override
    public String sendText(String text) throws Exception {
      return onServiceThread(() -> outcome(connection.sendText(text)));
    }

    @Override
    public String ping(int length) throws Exception {
      return onServiceThread(() -> outcome(connection.ping(ByteBuffer.allocate(length))));
    }

    @Override
    public String closeWith(int code, String reason) throws Exception {
      return onServiceThread(
          () -> {
            connection.close(code, reason);
            return "sent";
          });
    }

    @Override
    public String nextFrame() throws Exception {
      return frame(in);
    }

    @Override
    public void peerSends(boolean fin, int opcode, byte[] payload) throws Exception {
      byte[] frame = new byte[14 + payload.length];
      int key = 0x5A1E_C0DE;
      int h = FrameCodec.encodeHeader(frame, 0, fin, opcode, payload.length, true, key);
      System.arraycopy(payload, 0, frame, h, payload.length);
      Masking.mask(frame, h, payload.length, key, 0);
      socket.getOutputStream().write(frame, 0, h + payload.length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      server.stop();
    }
  }
}
