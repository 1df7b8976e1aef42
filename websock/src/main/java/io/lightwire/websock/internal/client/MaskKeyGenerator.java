package io.lightwire.websock.internal.client;

import java.security.SecureRandom;

/**
 * Strong random masking keys and handshake nonces without an allocation per frame.
 *
 * <p>RFC 6455 10.3 asks for masking keys an intermediary cannot predict, from a strong source. A
 * {@link SecureRandom} call per frame allocates and can block, so this is a ChaCha20 keystream
 * generator (RFC 8439 block function) keyed with 32 bytes from {@link SecureRandom}: each block
 * yields 16 keys, computed in place in two preallocated {@code int[16]}; after {@link
 * #REKEY_BLOCKS} blocks it draws a fresh key from {@link SecureRandom} (the only allocation, a few
 * bytes inside the JDK once per million keys). Not thread-safe: the client calls it under its write
 * lock.
 */
final class MaskKeyGenerator {

  /** Blocks (16 keys each) produced before a new ChaCha20 key is drawn. */
  static final int REKEY_BLOCKS = 1 << 16;

  private final SecureRandom seedSource;
  private final byte[] seed = new byte[44];
  private final int[] input = new int[16];
  private final int[] block = new int[16];
  private int next = 16;
  private int blocksLeft;

  MaskKeyGenerator(SecureRandom seedSource) {
    this.seedSource = seedSource;
    rekey();
  }

  /** Test hook: a generator with a fixed key, nonce and counter (RFC 8439 test vectors). */
  MaskKeyGenerator(int[] key8, int[] nonce3, int counter) {
    this.seedSource = null;
    setState(key8, nonce3, counter);
    blocksLeft = Integer.MAX_VALUE;
  }

  /** The next 32 random bits; used as a masking key (never 0, so masking is never skipped). */
  int nextKey() {
    int key;
    do {
      key = nextInt();
    } while (key == 0);
    return key;
  }

  /** The next 32 random bits. */
  int nextInt() {
    if (next == 16) {
      refill();
    }
    return block[next++];
  }

  /** Fills {@code dst[offset, offset + length)} with random bytes (handshake nonces). */
  void nextBytes(byte[] dst, int offset, int length) {
    for (int i = 0; i < length; i += 4) {
      int v = nextInt();
      for (int j = 0; j < 4 && i + j < length; j++) {
        dst[offset + i + j] = (byte) (v >>> (8 * j));
      }
    }
  }

  private void refill() {
    if (blocksLeft == 0) {
      rekey();
    }
    blocksLeft--;
    chacha20Block(input, block);
    input[12]++;
    next = 0;
  }

  private void rekey() {
    seedSource.nextBytes(seed);
    int[] key = new int[8];
    int[] nonce = new int[3];
    for (int i = 0; i < 8; i++) {
      key[i] = littleEndian(seed, 4 * i);
    }
    for (int i = 0; i < 3; i++) {
      nonce[i] = littleEndian(seed, 32 + 4 * i);
    }
    setState(key, nonce, 0);
    blocksLeft = REKEY_BLOCKS;
    next = 16;
  }

  private void setState(int[] key8, int[] nonce3, int counter) {
    input[0] = 0x61707865;
    input[1] = 0x3320646e;
    input[2] = 0x79622d32;
    input[3] = 0x6b206574;
    System.arraycopy(key8, 0, input, 4, 8);
    input[12] = counter;
    System.arraycopy(nonce3, 0, input, 13, 3);
    next = 16;
  }

  private static int littleEndian(byte[] b, int i) {
    return (b[i] & 0xFF)
        | (b[i + 1] & 0xFF) << 8
        | (b[i + 2] & 0xFF) << 16
        | (b[i + 3] & 0xFF) << 24;
  }

  /** The ChaCha20 block function of RFC 8439 2.3: 20 rounds, then adds the input. */
  static void chacha20Block(int[] in, int[] out) {
    System.arraycopy(in, 0, out, 0, 16);
    for (int round = 0; round < 10; round++) {
      quarterRound(out, 0, 4, 8, 12);
      quarterRound(out, 1, 5, 9, 13);
      quarterRound(out, 2, 6, 10, 14);
      quarterRound(out, 3, 7, 11, 15);
      quarterRound(out, 0, 5, 10, 15);
      quarterRound(out, 1, 6, 11, 12);
      quarterRound(out, 2, 7, 8, 13);
      quarterRound(out, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; i++) {
      out[i] += in[i];
    }
  }

  private static void quarterRound(int[] x, int a, int b, int c, int d) {
    x[a] += x[b];
    x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
    x[c] += x[d];
    x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
    x[a] += x[b];
    x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
    x[c] += x[d];
    x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
  }
}
