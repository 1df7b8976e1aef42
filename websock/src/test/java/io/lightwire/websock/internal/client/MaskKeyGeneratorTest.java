package io.lightwire.websock.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskKeyGeneratorTest {

  @Test
  void rfc8439_2_3_2_chacha20BlockTestVector() {
    int[] key = {
      0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c, 0x13121110, 0x17161514, 0x1b1a1918, 0x1f1e1d1c
    };
    int[] nonce = {0x09000000, 0x4a000000, 0x00000000};
    MaskKeyGenerator generator = new MaskKeyGenerator(key, nonce, 1);
    int[] first = new int[16];
    for (int i = 0; i < 16; i++) {
      first[i] = generator.nextInt();
    }
    int[] expected = {
      0xe4e7f110, 0x15593bd1, 0x1fdd0f50, 0xc47120a3, 0xc7f4d1c7, 0x0368c033, 0x9aaa2204,
          0x4e6cd4c3,
      0x466482d2, 0x09aa9f07, 0x05d7c214, 0xa2028bd9, 0xd19c12b5, 0xb94e16de, 0xe883d0cb, 0x4e3c50a2
    };
    assertArrayEquals(expected, first);
  }

  @Test
  void keysAreNonZeroAndDoNotRepeat() {
    MaskKeyGenerator generator = new MaskKeyGenerator(new SecureRandom());
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      int key = generator.nextKey();
      assertNotEquals(0, key);
      keys.add(key);
    }
    assertTrue(keys.size() > 99_990, "distinct keys: " + keys.size());
  }

  @Test
  void twoGeneratorsAreSeededIndependently() {
    MaskKeyGenerator a = new MaskKeyGenerator(new SecureRandom());
    MaskKeyGenerator b = new MaskKeyGenerator(new SecureRandom());
    byte[] x = new byte[16];
    byte[] y = new byte[16];
    a.nextBytes(x, 0, 16);
    b.nextBytes(y, 0, 16);
    assertTrue(!java.util.Arrays.equals(x, y));
  }
}
