package io.lightwire.websock.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one UTF-8 encoding policy of both sides: text given as a {@link CharSequence} is encoded
 * straight into a frame buffer (no intermediate array), and text that cannot be encoded is refused,
 * never altered. An unpaired surrogate is a caller mistake: {@link IllegalArgumentException} naming
 * its index, before anything is sent (silently replacing it with U+FFFD would send other text than
 * the caller gave). A close reason the caller gives must fit {@value
 * WebSocketProtocol#MAX_CLOSE_REASON} bytes or is refused the same way; only reasons the engine
 * makes itself (a violated rule) are cut, at a character boundary.
 *
 * <p>Stateless, thread-safe; the encoders allocate nothing.
 */
public final class Utf8Encoding {

  /** The most bytes one code point takes. */
  public static final int MAX_BYTES_PER_CODE_POINT = 4;

  private Utf8Encoding() {}

  /**
   * The UTF-8 length of {@code text} in bytes.
   *
   * @throws IllegalArgumentException at the first unpaired surrogate, naming its index
   */
  public static long encodedLength(CharSequence text) {
    long length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      int cp = codePointAt(text, i);
      if (cp > 0xFFFF) {
        i++;
      }
      length += length(cp);
    }
    return length;
  }

  /**
   * Encodes {@code text} from char index {@code from} at {@code dst}'s position, as far as whole
   * characters fit, and advances the position.
   *
   * @return the index of the first char not encoded ({@code text.length()} when all were)
   * @throws IllegalArgumentException at an unpaired surrogate (call {@link #encodedLength} first to
   *     refuse before anything is written)
   */
  public static int encode(CharSequence text, int from, ByteBuffer dst) {
    int n = text.length();
    int i = from;
    while (i < n) {
      int cp = codePointAt(text, i);
      if (dst.remaining() < length(cp)) {
        return i;
      }
      if (cp < 0x80) {
        dst.put((byte) cp);
      } else if (cp < 0x800) {
        dst.put((byte) (0xC0 | cp >>> 6)).put((byte) (0x80 | cp & 0x3F));
      } else if (cp < 0x10000) {
        dst.put((byte) (0xE0 | cp >>> 12))
            .put((byte) (0x80 | cp >>> 6 & 0x3F))
            .put((byte) (0x80 | cp & 0x3F));
      } else {
        dst.put((byte) (0xF0 | cp >>> 18))
            .put((byte) (0x80 | cp >>> 12 & 0x3F))
            .put((byte) (0x80 | cp >>> 6 & 0x3F))
            .put((byte) (0x80 | cp & 0x3F));
      }
      i += cp > 0xFFFF ? 2 : 1;
    }
    return i;
  }

  /**
   * A caller's close reason as UTF-8 (close is rare: this allocates).
   *
   * @throws IllegalArgumentException when it is longer than {@value
   *     WebSocketProtocol#MAX_CLOSE_REASON} bytes or has an unpaired surrogate
   */
  public static byte[] closeReason(String reason) {
    checkCloseReason(reason);
    return reason.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks a caller's close reason without encoding it.
   *
   * @return its UTF-8 length in bytes
   * @throws IllegalArgumentException as {@link #closeReason}
   */
  public static int checkCloseReason(CharSequence reason) {
    long length = encodedLength(reason);
    if (length > WebSocketProtocol.MAX_CLOSE_REASON) {
      throw new IllegalArgumentException(
          "a close reason must be at most 123 UTF-8 bytes, was " + length);
    }
    return (int) length;
  }

  /**
   * Encodes as much of an engine-made reason (a rule's message, always valid UTF-16) as fits in
   * {@code max} bytes at {@code dst[offset]}, never cutting a character.
   *
   * @return the bytes written
   */
  public static int truncated(String reason, byte[] dst, int offset, int max) {
    ByteBuffer out = ByteBuffer.wrap(dst, offset, max);
    encode(reason, 0, out);
    return out.position() - offset;
  }

  private static int length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /** The code point at {@code i}; refuses an unpaired surrogate. */
  private static int codePointAt(CharSequence text, int i) {
    char c = text.charAt(i);
    if (!Character.isSurrogate(c)) {
      return c;
    }
    if (Character.isHighSurrogate(c)
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1))) {
      return Character.toCodePoint(c, text.charAt(i + 1));
    }
    throw new IllegalArgumentException(
        "text must be valid UTF-16 to encode as UTF-8, unpaired surrogate 0x"
            + Integer.toHexString(c)
            + " at index "
            + i);
  }
}
