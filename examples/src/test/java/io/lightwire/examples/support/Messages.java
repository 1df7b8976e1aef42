package io.lightwire.examples.support;

import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads whole messages from a test's client, with a bound on the wait. */
public final class Messages {

  /** How long a test waits for one message, in milliseconds. */
  public static final long WAIT_MILLIS = 10_000;

  private Messages() {}

  /**
   * The next text message, or {@code "close CODE REASON"} when the server closed.
   *
   * @throws AssertionError when nothing arrives within {@link #WAIT_MILLIS}
   */
  public static String next(WebSocketClient client) throws IOException {
    MessageHeader header = new MessageHeader();
    byte[] buffer = new byte[70_000];
    int length = 0;
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      int n = client.recv(header, buffer, length, buffer.length - length, 100);
      if (n == WebSocketClient.TIMEOUT) {
        continue;
      }
      if (n == WebSocketClient.CLOSED || header.opcode() == WebSocketProtocol.OPCODE_CLOSE) {
        return ("close " + client.status().code() + " " + client.status().reason()).strip();
      }
      if (header.opcode() == WebSocketProtocol.OPCODE_PONG) {
        continue;
      }
      length += n;
      if (header.endOfMessage()) {
        return (header.isText() ? "" : "binary:")
            + new String(buffer, 0, length, StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no message within " + WAIT_MILLIS + " ms");
  }
}
