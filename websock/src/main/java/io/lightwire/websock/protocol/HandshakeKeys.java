package io.lightwire.websock.protocol;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The opening handshake's nonce and proof (RFC 6455 4.1, 4.2.2): {@code Sec-WebSocket-Key} is 16
 * random bytes in Base64 (24 ASCII bytes); {@code Sec-WebSocket-Accept} is the Base64 of the SHA-1
 * of the key followed by {@link WebSocketProtocol#ACCEPT_GUID} (28 ASCII bytes).
 *
 * <p>An instance keeps its SHA-1 digest and scratch bytes, so {@link #accept(byte[], int, int,
 * byte[], int)} allocates nothing; keep one per connection slot or per thread (not thread-safe).
 * The static Base64 encoder is allocation-free and thread-safe.
 */
public final class HandshakeKeys {

  /** Random bytes in a key. */
  public static final int NONCE_LENGTH = 16;

  /** ASCII length of a {@code Sec-WebSocket-Key} value. */
  public static final int KEY_LENGTH = 24;

  /** ASCII length of a {@code Sec-WebSocket-Accept} value. */
  public static final int ACCEPT_LENGTH = 28;

  private static final int SHA1_LENGTH = 20;
  private static final byte[] GUID =
      WebSocketProtocol.ACCEPT_GUID.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha1;
  private final byte[] digest = new byte[SHA1_LENGTH];

  /**
   * Creates the digest and scratch space.
   *
   * @throws IllegalStateException when the platform has no SHA-1 (every Java SE platform has)
   */
  public HandshakeKeys() {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by RFC 6455 and missing", e);
    }
  }

  /**
   * Writes the {@code Sec-WebSocket-Key} for 16 nonce bytes: 24 ASCII bytes at {@code
   * dst[dstOffset]}.
   *
   * @return {@link #KEY_LENGTH}
   */
  public static int encodeKey(byte[] nonce, int nonceOffset, byte[] dst, int dstOffset) {
    return base64(nonce, nonceOffset, NONCE_LENGTH, dst, dstOffset);
  }

  /**
   * Writes the {@code Sec-WebSocket-Accept} value for the key {@code key[keyOffset, +keyLength)}
   * (ASCII, as sent, without surrounding spaces): 28 ASCII bytes at {@code dst[dstOffset]}.
   *
   * @return {@link #ACCEPT_LENGTH}
   */
  public int accept(byte[] key, int keyOffset, int keyLength, byte[] dst, int dstOffset) {
    sha1.reset();
    sha1.update(key, keyOffset, keyLength);
    sha1.update(GUID);
    try {
      sha1.digest(digest, 0, SHA1_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-1 digest of 20 bytes failed", e);
    }
    return base64(digest, 0, SHA1_LENGTH, dst, dstOffset);
  }

  /** The {@code Sec-WebSocket-Accept} value for {@code key} (allocates; for tests and tools). */
  public String accept(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[ACCEPT_LENGTH];
    accept(k, 0, k.length, out, 0);
    return new String(out, StandardCharsets.US_ASCII);
  }

  /**
   * Standard Base64 with padding (RFC 4648 section 4) into {@code dst}.
   *
   * @return the number of bytes written: {@code 4 * ceil(length / 3)}
   */
  public static int base64(byte[] src, int offset, int length, byte[] dst, int dstOffset) {
    int o = dstOffset;
    int i = offset;
    int end = offset + length;
    for (; i + 3 <= end; i += 3) {
      int v = ((src[i] & 0xFF) << 16) | ((src[i + 1] & 0xFF) << 8) | (src[i + 2] & 0xFF);
      dst[o++] = BASE64[v >>> 18];
      dst[o++] = BASE64[(v >>> 12) & 0x3F];
      dst[o++] = BASE64[(v >>> 6) & 0x3F];
      dst[o++] = BASE64[v & 0x3F];
    }
    int rest = end - i;
    if (rest > 0) {
      int v = (src[i] & 0xFF) << 16;
      if (rest == 2) {
        v |= (src[i + 1] & 0xFF) << 8;
      }
      dst[o++] = BASE64[v >>> 18];
      dst[o++] = BASE64[(v >>> 12) & 0x3F];
      dst[o++] = rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=';
      dst[o++] = '=';
    }
    return o - dstOffset;
  }
}
