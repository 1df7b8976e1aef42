package io.lightwire.examples.testserver;

import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * libwebsockets' {@code dumb-increment-protocol}: each connection has a counter that is sent, as
 * decimal text, every time the connection becomes writable and then incremented. The server's loop
 * asks for that callback for all connections every {@value TestServer#TICK_MILLIS} ms ({@code
 * libwebsocket_callback_on_writable_all_protocol}), so a slow connection simply gets fewer numbers:
 * a number is only counted as sent when the connection took it. The text {@code reset} sets the
 * counter back to 0; {@code closeme} closes the connection (1000).
 *
 * <p>Writing allocates nothing: the digits go into the slot's own buffer, after the header room.
 */
final class DumbIncrement implements WebSocketHandler {

  /** The protocol's name, as in libwebsockets' test server. */
  static final String NAME = "dumb-increment-protocol";

  private static final byte[] RESET = "reset".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE_ME = "closeme".getBytes(StandardCharsets.US_ASCII);

  /** Decimal digits of the largest int, plus a sign. */
  private static final int MAX_DIGITS = 11;

  /** One slot's state (libwebsockets' {@code per_session_data__dumb_increment}). */
  static final class Counter {
    int number;
    final ByteBuffer out = ByteBuffer.allocate(WebSocketConnection.HEADROOM + MAX_DIGITS);
  }

  @Override
  public void onOpen(WebSocketConnection connection) {
    Counter counter = connection.state();
    counter.number = 0;
  }

  @Override
  public void onWritable(WebSocketConnection connection) {
    Counter counter = connection.state();
    ByteBuffer out = counter.out;
    out.clear().position(WebSocketConnection.HEADROOM);
    writeDecimal(out, counter.number);
    out.flip().position(WebSocketConnection.HEADROOM);
    if (connection.sendWithHeadroom(true, out) >= 0) {
      counter.number++;
    }
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    // The original compares the first bytes, so "reset\n" from a command line client works too.
    if (startsWith(payload, RESET)) {
      Counter counter = connection.state();
      counter.number = 0;
    } else if (startsWith(payload, CLOSE_ME)) {
      connection.close(CloseCodes.NORMAL, "seeya");
    }
  }

  private static boolean startsWith(ByteBuffer payload, byte[] word) {
    if (payload.remaining() < word.length) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if (payload.get(payload.position() + i) != word[i]) {
        return false;
      }
    }
    return true;
  }

  /** Writes a non-negative {@code value} in decimal at the buffer's position. */
  static void writeDecimal(ByteBuffer out, int value) {
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = out.position() + digits;
    for (int i = end - 1; i >= out.position(); i--) {
      out.put(i, (byte) ('0' + value % 10));
      value /= 10;
    }
    out.position(end);
  }
}
