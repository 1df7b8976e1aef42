package io.lightwire.websock.internal.server;

import java.nio.ByteBuffer;

/**
 * UTF-8 encoding of char sequences straight into buffers, with no intermediate byte array. Unpaired
 * surrogates become U+FFFD, as {@link String#getBytes} does.
 */
final class Utf8Cut {

  private static final int REPLACEMENT = 0xFFFD;

  private Utf8Cut() {}

  /** The number of UTF-8 bytes of {@code text}. */
  static int encodedLength(CharSequence text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      int cp = codePointAt(text, i);
      if (cp > 0xFFFF) {
        i++;
      }
      bytes += length(cp);
    }
    return bytes;
  }

  /** Writes {@code text} as UTF-8 at the buffer's position. */
  static void put(CharSequence text, ByteBuffer out) {
    for (int i = 0; i < text.length(); i++) {
      int cp = codePointAt(text, i);
      if (cp > 0xFFFF) {
        i++;
      }
      if (cp < 0x80) {
        out.put((byte) cp);
      } else if (cp < 0x800) {
        out.put((byte) (0xC0 | cp >>> 6)).put((byte) (0x80 | cp & 0x3F));
      } else if (cp < 0x10000) {
        out.put((byte) (0xE0 | cp >>> 12))
            .put((byte) (0x80 | cp >>> 6 & 0x3F))
            .put((byte) (0x80 | cp & 0x3F));
      } else {
        out.put((byte) (0xF0 | cp >>> 18))
            .put((byte) (0x80 | cp >>> 12 & 0x3F))
            .put((byte) (0x80 | cp >>> 6 & 0x3F))
            .put((byte) (0x80 | cp & 0x3F));
      }
    }
  }

  /**
   * Encodes as much of {@code text} as fits in {@code max} bytes at {@code dst[offset]}, never
   * cutting a character. Returns the bytes written. (Close reasons: at most 123 bytes.)
   */
  static int encode(String text, byte[] dst, int offset, int max) {
    ByteBuffer out = ByteBuffer.wrap(dst, offset, max);
    for (int i = 0; i < text.length(); i++) {
      int cp = codePointAt(text, i);
      if (out.remaining() < length(cp)) {
        break;
      }
      put(Character.toString(cp), out);
      if (cp > 0xFFFF) {
        i++;
      }
    }
    return out.position() - offset;
  }

  private static int length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /** The code point at {@code i}, or U+FFFD for an unpaired surrogate. */
  private static int codePointAt(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1))) {
      return Character.toCodePoint(c, text.charAt(i + 1));
    }
    return Character.isSurrogate(c) ? REPLACEMENT : c;
  }
}
