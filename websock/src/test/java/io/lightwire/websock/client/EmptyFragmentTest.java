package io.lightwire.websock.client;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.FragmentShapes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fragmented messages with empty frames (RFC 6455 5.4 allows a fragment of any length, including 0;
 * Autobahn 6.1.2/6.1.3 end a text message with an empty final continuation): every delivery of
 * every frame reports the message's type, through {@code recv} and through the receive loop. Type 1
 * is text, 2 binary; fragments are written as {@code |}-separated payloads, {@code _} standing for
 * an empty one.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EmptyFragmentTest {

  private static void sendFragments(RawPeer peer, int type, byte[][] payloads) throws Exception {
    for (int i = 0; i < payloads.length; i++) {
      peer.sendFrame(
          i == payloads.length - 1, i == 0 ? type : OPCODE_CONTINUATION, payloads[i], false);
    }
  }

  /** {@link FragmentShapes#everyShape()}: a method of this class, which JUnit may call. */
  static Stream<Arguments> shapes() {
    return FragmentShapes.everyShape();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("shapes")
  void everyDeliveryOfAFragmentedMessageReportsItsType(int type, String shape) throws Exception {
    byte[][] payloads = FragmentShapes.payloads(shape);
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      sendFragments(peer, type, payloads);
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[64];
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      for (int i = 0; i < payloads.length; i++) {
        int n = client.recv(header, buffer, 0, buffer.length, 5_000);
        assertEquals(payloads[i].length, n, "frame " + i + " of " + shape);
        message.write(buffer, 0, n);
        assertEquals(i == 0 ? type : OPCODE_CONTINUATION, header.opcode(), "frame " + i);
        assertEquals(type, header.messageType(), "message type of frame " + i + " of " + shape);
        assertEquals(type == OPCODE_TEXT, header.isText(), "frame " + i);
        assertEquals(i == payloads.length - 1, header.endOfMessage(), "frame " + i);
      }
      assertEquals(FragmentShapes.joined(shape), message.toString(StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("shapes")
  void theReceiveLoopDeliversEveryPieceThroughTheCallbackOfTheMessageType(int type, String shape)
      throws Exception {
    byte[][] payloads = FragmentShapes.payloads(shape);
    BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      ReceiveLoop loop =
          client.startReceiveLoop(
              new WebSocketListener() {
                @Override
                public void onText(byte[] buffer, int offset, int length, boolean last) {
                  calls.add("text " + length + (last ? " last" : ""));
                }

                @Override
                public void onBinary(byte[] buffer, int offset, int length, boolean last) {
                  calls.add("binary " + length + (last ? " last" : ""));
                }
              });
      sendFragments(peer, type, payloads);
      String kind = type == OPCODE_TEXT ? "text " : "binary ";
      for (int i = 0; i < payloads.length; i++) {
        String call = calls.poll(5, TimeUnit.SECONDS);
        assertEquals(
            kind + payloads[i].length + (i == payloads.length - 1 ? " last" : ""),
            call,
            "call " + i + " of " + shape);
      }
      loop.stop();
      assertTrue(calls.isEmpty(), "no further calls: " + calls);
      client.close(1000, "", 0); // the raw peer does not answer closes
    }
  }
}
