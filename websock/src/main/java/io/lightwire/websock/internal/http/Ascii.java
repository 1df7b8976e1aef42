package io.lightwire.websock.internal.http;

import java.nio.ByteBuffer;

/** ASCII helpers over byte buffers, for the HTTP code: no charset machinery, no allocation. */
public final class Ascii {

  private Ascii() {}

  /** The byte in lower case when it is an ASCII letter. */
  public static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  /** Writes {@code text} (ASCII) at the buffer's position. */
  public static void put(ByteBuffer buf, CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      buf.put((byte) text.charAt(i));
    }
  }

  /** Writes a non-negative decimal number at the buffer's position. */
  public static void putDecimal(ByteBuffer buf, long value) {
    if (value < 10) {
      buf.put((byte) ('0' + value));
      return;
    }
    long divisor = 1;
    while (value / divisor >= 10) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      buf.put((byte) ('0' + (value / divisor) % 10));
    }
  }

  /** A new string from the bytes {@code [start, end)} of {@code buf}, read as ISO-8859-1. */
  public static String string(ByteBuffer buf, int start, int end) {
    byte[] bytes = new byte[end - start];
    buf.get(start, bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * True when the comma-separated list in {@code [start, end)} has an element equal to {@code
   * token}, ignoring ASCII case and surrounding whitespace.
   */
  public static boolean listHasToken(ByteBuffer buf, int start, int end, String token) {
    int i = start;
    while (i < end) {
      while (i < end && (buf.get(i) == ' ' || buf.get(i) == '\t' || buf.get(i) == ',')) {
        i++;
      }
      int elementStart = i;
      while (i < end && buf.get(i) != ',') {
        i++;
      }
      int elementEnd = i;
      while (elementEnd > elementStart
          && (buf.get(elementEnd - 1) == ' ' || buf.get(elementEnd - 1) == '\t')) {
        elementEnd--;
      }
      if (elementEnd - elementStart == token.length()) {
        boolean same = true;
        for (int k = 0; k < token.length() && same; k++) {
          same = lower(buf.get(elementStart + k)) == lower((byte) token.charAt(k));
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }
}
