package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Test helper: receives one whole data message through {@code recv}, reassembling its parts. */
final class Messages {

  /** The reassembled message and its type. */
  record Message(int type, byte[] payload, int deliveries) {
    String text() {
      assertEquals(WebSocketProtocol.OPCODE_TEXT, type, "message type");
      return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private Messages() {}

  /** Receives until a data message ends; fails on timeout or a close. */
  static Message receive(WebSocketClient client, byte[] buffer, long timeoutMillis)
      throws IOException {
    MessageHeader header = new MessageHeader();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    int deliveries = 0;
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      assertTrue(System.nanoTime() < deadline, "no whole message within " + timeoutMillis + " ms");
      int n = client.recv(header, buffer, 0, buffer.length, left);
      if (n == WebSocketClient.TIMEOUT) {
        continue;
      }
      assertTrue(n >= 0, "recv returned " + n);
      assertTrue(
          header.opcode() != WebSocketProtocol.OPCODE_CLOSE, "unexpected close " + client.status());
      if (header.opcode() == WebSocketProtocol.OPCODE_PONG) {
        continue;
      }
      deliveries++;
      out.write(buffer, 0, n);
      if (header.endOfMessage()) {
        return new Message(header.messageType(), out.toByteArray(), deliveries);
      }
    }
  }
}
