package io.lightwire.websock.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * XOR masking of payload bytes (RFC 6455 5.3), eight bytes per step.
 *
 * <p>The 4-byte key is held as a big-endian {@code int}: its first byte on the wire is the most
 * significant. It is widened to a {@code long} in the byte order used to load the payload (little
 * endian for arrays, the buffer's own order for {@link ByteBuffer}s), XORed over the range a word
 * at a time, then the tail byte by byte. Masking is its own inverse, so the same calls unmask.
 *
 * <p>A frame's payload can be masked in pieces: every call takes the key position of its first byte
 * ({@code keyIndex}, 0-3, i.e. the number of payload bytes before it modulo 4) and returns the
 * position after its last byte. A zero key is skipped. Nothing is allocated; all methods are
 * stateless and thread-safe.
 */
public final class Masking {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Masking() {}

  /**
   * Masks {@code length} bytes of {@code bytes} in place.
   *
   * @param maskKey the key, first wire byte most significant
   * @param keyIndex the key position (0-3) of {@code bytes[offset]}
   * @return the key position after the last byte, to pass to the next piece of the same payload
   */
  public static int mask(byte[] bytes, int offset, int length, int maskKey, int keyIndex) {
    return maskCopy(bytes, offset, bytes, offset, length, maskKey, keyIndex);
  }

  /**
   * Copies {@code length} bytes from {@code src} to {@code dst}, masking them on the way; the two
   * ranges may be the same (in place) but must not otherwise overlap.
   *
   * @return the key position after the last byte
   */
  public static int maskCopy(
      byte[] src, int srcOffset, byte[] dst, int dstOffset, int length, int maskKey, int keyIndex) {
    int next = (keyIndex + length) & 3;
    if (maskKey == 0) {
      if (src != dst || srcOffset != dstOffset) {
        System.arraycopy(src, srcOffset, dst, dstOffset, length);
      }
      return next;
    }
    int key = Integer.rotateLeft(maskKey, 8 * (keyIndex & 3));
    // Little-endian load: byte i of the word is bits 8i..8i+7, so the key's first byte goes low.
    long keyLe = Integer.reverseBytes(key) & 0xFFFF_FFFFL;
    long wide = keyLe | (keyLe << 32);
    int i = 0;
    int words = length & ~7;
    for (; i < words; i += Long.BYTES) {
      LONG_LE.set(dst, dstOffset + i, (long) LONG_LE.get(src, srcOffset + i) ^ wide);
    }
    for (; i < length; i++) {
      dst[dstOffset + i] = (byte) (src[srcOffset + i] ^ (key >>> (24 - 8 * (i & 3))));
    }
    return next;
  }

  /**
   * Masks {@code length} bytes of {@code buffer} in place from absolute index {@code index},
   * without touching its position, limit or byte order. Works on heap and direct buffers.
   *
   * @return the key position after the last byte
   */
  public static int mask(ByteBuffer buffer, int index, int length, int maskKey, int keyIndex) {
    int next = (keyIndex + length) & 3;
    if (maskKey == 0) {
      return next;
    }
    int key = Integer.rotateLeft(maskKey, 8 * (keyIndex & 3));
    long wide;
    if (buffer.order() == ByteOrder.BIG_ENDIAN) {
      long keyBe = key & 0xFFFF_FFFFL;
      wide = (keyBe << 32) | keyBe;
    } else {
      long keyLe = Integer.reverseBytes(key) & 0xFFFF_FFFFL;
      wide = keyLe | (keyLe << 32);
    }
    int i = 0;
    int words = length & ~7;
    for (; i < words; i += Long.BYTES) {
      buffer.putLong(index + i, buffer.getLong(index + i) ^ wide);
    }
    for (; i < length; i++) {
      buffer.put(index + i, (byte) (buffer.get(index + i) ^ (key >>> (24 - 8 * (i & 3)))));
    }
    return next;
  }

  /**
   * The byte-at-a-time reference implementation, kept for tests and the benchmark baseline.
   *
   * @return the key position after the last byte
   */
  public static int maskBytewise(byte[] bytes, int offset, int length, int maskKey, int keyIndex) {
    for (int i = 0; i < length; i++) {
      int k = (keyIndex + i) & 3;
      bytes[offset + i] ^= (byte) (maskKey >>> (24 - 8 * k));
    }
    return (keyIndex + length) & 3;
  }
}
