package io.lightwire.websock.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void wordWiseEqualsByteWiseForAnyOffsetLengthAndKeyIndex() {
    Random random = new Random(6455);
    for (int round = 0; round < 2_000; round++) {
      int length = random.nextInt(70);
      int offset = random.nextInt(9);
      int key = random.nextInt();
      int keyIndex = random.nextInt(4);
      byte[] data = new byte[offset + length + 3];
      random.nextBytes(data);
      byte[] expected = data.clone();
      int nextExpected = Masking.maskBytewise(expected, offset, length, key, keyIndex);
      byte[] actual = data.clone();
      assertEquals(nextExpected, Masking.mask(actual, offset, length, key, keyIndex));
      assertArrayEquals(expected, actual, "round " + round);
    }
  }

  @Test
  void maskingInPiecesEqualsMaskingAtOnce() {
    Random random = new Random(42);
    byte[] data = new byte[1000];
    random.nextBytes(data);
    byte[] whole = data.clone();
    Masking.mask(whole, 0, whole.length, 0xCAFEBABE, 0);
    byte[] pieces = data.clone();
    int at = 0;
    int keyIndex = 0;
    while (at < pieces.length) {
      int n = Math.min(pieces.length - at, 1 + random.nextInt(37));
      keyIndex = Masking.mask(pieces, at, n, 0xCAFEBABE, keyIndex);
      at += n;
    }
    assertArrayEquals(whole, pieces);
  }

  @Test
  void maskCopyLeavesTheSourceUntouched() {
    byte[] src = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] dst = new byte[5];
    Masking.maskCopy(src, 0, dst, 0, 5, 0x37fa213d, 0);
    assertEquals("7f9f4d5158", Hex.hex(dst, 0, 5));
    assertEquals("Hello", new String(src, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void byteBuffersOfEitherOrderAndKindMaskLikeArrays() {
    Random random = new Random(7);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      for (boolean direct : new boolean[] {false, true}) {
        byte[] data = new byte[77];
        random.nextBytes(data);
        byte[] expected = data.clone();
        Masking.maskBytewise(expected, 5, 70, 0x01020304, 3);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(77) : ByteBuffer.allocate(77);
        buffer.order(order).put(data).flip();
        Masking.mask(buffer, 5, 70, 0x01020304, 3);
        byte[] actual = new byte[77];
        buffer.get(0, actual);
        assertArrayEquals(expected, actual, order + " direct=" + direct);
        assertEquals(0, buffer.position(), "position untouched");
      }
    }
  }

  @Test
  void zeroKeyIsTheIdentity() {
    byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertEquals(1, Masking.mask(data, 0, 9, 0, 0));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, data);
  }
}
