package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.FragmentShapes;
import io.lightwire.testsupport.RawWebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fragmented messages with empty frames, as a raw client sends them (RFC 6455 5.4: a fragment may
 * be empty; Autobahn 6.1.2/6.1.3 end a text message with an empty final continuation): the server
 * joins them into one message of the right type ({@code onMessage}), hands every piece to a
 * fragment handler with the message's opcode, and echoes the message with its type. Fragments are
 * written as {@code |}-separated payloads, {@code _} standing for an empty one; type 1 is text, 2
 * binary.
 */
class EmptyFragmentTest {

  private final Recorder messages = new Recorder();
  private final BlockingQueue<String> fragments = new LinkedBlockingQueue<>();
  private Server server;
  private int port;

  /** Records every {@code onFragment} call as "opcode fin length remaining". */
  private final WebSocketHandler fragmentRecorder =
      new WebSocketHandler() {
        @Override
        public boolean wantsFragments() {
          return true;
        }

        @Override
        public void onFragment(
            WebSocketConnection connection,
            int opcode,
            boolean frameFin,
            ByteBuffer payload,
            long remainingInFrame) {
          fragments.add(
              opcode
                  + " "
                  + (frameFin ? "fin" : "more")
                  + " "
                  + payload.remaining()
                  + " "
                  + remainingInFrame);
        }
      };

  @BeforeEach
  void start() throws IOException {
    server =
        Server.builder(ServerConfig.loopback())
            .protocol(Protocol.of("echo", messages))
            .protocol(Protocol.of("pieces", fragmentRecorder))
            .open();
    server.start();
    port = server.localPort();
  }

  @AfterEach
  void stop() throws InterruptedException {
    messages.stopAndCheck(server);
    assertEquals("[]", fragments.toString(), "unread fragments");
  }

  private static void sendFragments(RawWebSocket ws, int type, byte[][] payloads)
      throws IOException {
    for (int i = 0; i < payloads.length; i++) {
      ws.send(i == payloads.length - 1, i == 0 ? type : 0, payloads[i]);
    }
  }

  /** A client close 1000 and its echo, for the fragment protocol (no Recorder there). */
  private static void closeFragmentConnection(RawWebSocket ws) throws IOException {
    ws.writeHex("88 82 00 00 00 00 03 e8");
    assertEquals(1000, ws.readUntilClose().closeCode());
  }

  /** {@link FragmentShapes#everyShape()}: a method of this class, which JUnit may call. */
  static Stream<Arguments> shapes() {
    return FragmentShapes.everyShape();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("shapes")
  void emptyFragmentsJoinIntoOneMessageOfItsTypeAndAreEchoedWithIt(int type, String shape)
      throws Exception {
    String joined = FragmentShapes.joined(shape);
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "Sec-WebSocket-Protocol: echo\r\n")) {
      messages.expect("open echo");
      sendFragments(ws, type, FragmentShapes.payloads(shape));
      messages.expect(type == 1 ? "text " + joined : "binary " + joined.length());
      RawWebSocket.Frame echo = ws.read();
      assertEquals(type, echo.opcode(), "echo of " + shape);
      assertEquals(joined, echo.text());
      messages.closeNormally(ws);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("shapes")
  void everyEmptyFragmentReachesAFragmentHandlerWithTheMessageOpcode(int type, String shape)
      throws Exception {
    byte[][] payloads = FragmentShapes.payloads(shape);
    try (RawWebSocket ws = RawWebSocket.open(port, "/", "Sec-WebSocket-Protocol: pieces\r\n")) {
      sendFragments(ws, type, payloads);
      StringBuilder seen = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < payloads.length; i++) {
        String call = fragments.poll(5, TimeUnit.SECONDS);
        seen.append(call).append('\n');
        expected
            .append(type)
            .append(i == payloads.length - 1 ? " fin " : " more ")
            .append(payloads[i].length)
            .append(" 0\n");
      }
      assertEquals(expected.toString(), seen.toString(), "fragments of " + shape);
      closeFragmentConnection(ws);
    }
  }
}
