package io.lightwire.examples.chat;

import io.lightwire.websock.server.WebSocketConnection;
import java.nio.ByteBuffer;

/**
 * Writes one small JSON object as UTF-8 straight into a reused buffer, with {@link
 * WebSocketConnection#HEADROOM} free in front so the frame header goes in place. Strings are copied
 * from the validated UTF-8 the server received, escaping only what JSON requires ({@code "}, {@code
 * \} and control characters), so a chat line is never decoded into a {@code String}.
 */
final class JsonOut {

  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The most bytes one input byte can become: a control character as {@code \}{@code u00XX}. */
  static final int MAX_ESCAPE_GROWTH = 6;

  private final ByteBuffer buffer;

  /** A writer for objects of up to {@code capacity} bytes. */
  JsonOut(int capacity) {
    buffer = ByteBuffer.allocate(WebSocketConnection.HEADROOM + capacity);
  }

  /** Starts a new object, forgetting the previous one. */
  JsonOut begin() {
    buffer.clear().position(WebSocketConnection.HEADROOM);
    return this;
  }

  /** Appends ASCII text as it is (the object's punctuation and keys). */
  JsonOut raw(String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      buffer.put((byte) ascii.charAt(i));
    }
    return this;
  }

  /** Appends {@code ascii[from, to)} as it is; the bytes must need no escaping. */
  JsonOut raw(ByteBuffer ascii, int from, int to) {
    for (int i = from; i < to; i++) {
      buffer.put(ascii.get(i));
    }
    return this;
  }

  /** Appends a decimal number. */
  JsonOut number(int value) {
    if (value < 0) {
      buffer.put((byte) '-');
      value = -value;
    }
    int start = buffer.position();
    do {
      buffer.put((byte) ('0' + value % 10));
      value /= 10;
    } while (value > 0);
    for (int i = start, j = buffer.position() - 1; i < j; i++, j--) {
      byte swap = buffer.get(i);
      buffer.put(i, buffer.get(j));
      buffer.put(j, swap);
    }
    return this;
  }

  /** Appends {@code utf8[from, to)} as a quoted JSON string; the bytes must be valid UTF-8. */
  JsonOut string(ByteBuffer utf8, int from, int to) {
    buffer.put((byte) '"');
    for (int i = from; i < to; i++) {
      escaped(utf8.get(i));
    }
    buffer.put((byte) '"');
    return this;
  }

  /** Appends {@code utf8[offset, offset + length)} as a quoted JSON string. */
  JsonOut string(byte[] utf8, int offset, int length) {
    buffer.put((byte) '"');
    for (int i = offset; i < offset + length; i++) {
      escaped(utf8[i]);
    }
    buffer.put((byte) '"');
    return this;
  }

  private void escaped(byte b) {
    if (b == '"' || b == '\\') {
      buffer.put((byte) '\\').put(b);
    } else if (b >= 0 && b < 0x20) {
      buffer.put((byte) '\\').put((byte) 'u').put((byte) '0').put((byte) '0');
      buffer.put(HEX[b >> 4]).put(HEX[b & 0xF]);
    } else {
      buffer.put(b); // ASCII, or a byte of a multi-byte character: JSON takes UTF-8 as it is
    }
  }

  /**
   * The finished object, from after the headroom to its end; valid until the next {@link #begin}.
   */
  ByteBuffer finish() {
    buffer.limit(buffer.position()).position(WebSocketConnection.HEADROOM);
    return buffer;
  }
}
