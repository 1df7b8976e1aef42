package io.lightwire.hal.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** i2c-dev and spidev structures byte for byte against the kernel headers (64-bit LE). */
class BusLayoutTest {

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
  }

  private static void le32(byte[] b, int at, int v) {
    le16(b, at, v);
    le16(b, at + 2, v >> 16);
  }

  private static void le64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >> (8 * i));
    }
  }

  @Test
  void ioctlNumbersMatchTheKernelHeaders() {
    assertEquals(0x0707L, I2cDev.I2C_RDWR);
    assertEquals(0x40206B00L, SpiDev.SPI_IOC_MESSAGE_1);
    assertEquals(0x40016B01L, SpiDev.SPI_IOC_WR_MODE);
    assertEquals(0x40016B03L, SpiDev.SPI_IOC_WR_BITS_PER_WORD);
    assertEquals(0x40046B04L, SpiDev.SPI_IOC_WR_MAX_SPEED_HZ);
  }

  @Test
  void i2cMessagesAndRdwrDataAreEncodedByteForByte() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf0 = arena.allocate(1);
      MemorySegment buf1 = arena.allocate(6);
      MemorySegment msgs = arena.allocate(32, 8);
      msgs.fill((byte) 0x77);
      I2cDev.encodeMessage(msgs, 0, 0x76, 0, 1, buf0);
      I2cDev.encodeMessage(msgs, 1, 0x76, I2cDev.I2C_M_RD, 6, buf1);
      byte[] expected = new byte[32];
      le16(expected, 0, 0x76); // addr
      le16(expected, 2, 0); // flags
      le16(expected, 4, 1); // len
      le64(expected, 8, buf0.address()); // buf
      le16(expected, 16, 0x76);
      le16(expected, 18, 0x0001); // I2C_M_RD
      le16(expected, 20, 6);
      le64(expected, 24, buf1.address());
      assertArrayEquals(expected, msgs.toArray(ValueLayout.JAVA_BYTE));

      MemorySegment rdwr = arena.allocate(16, 8);
      I2cDev.encodeRdwr(rdwr, msgs, 2);
      byte[] r = new byte[16];
      le64(r, 0, msgs.address());
      le32(r, 8, 2);
      assertArrayEquals(r, rdwr.toArray(ValueLayout.JAVA_BYTE));
    }
  }

  @Test
  void i2cLayoutsFollowThePointerSizeLikeTheKernelStructs() {
    // 64-bit (arm64, x86-64): pahole of struct i2c_msg / i2c_rdwr_ioctl_data.
    I2cDev.Layout lp64 = new I2cDev.Layout(8);
    assertEquals(8, lp64.msgBuf());
    assertEquals(16, lp64.msgSize());
    assertEquals(8, lp64.rdwrNmsgs());
    assertEquals(16, lp64.rdwrSize());
    // 32-bit ARM (armhf userland): pointers are 4 bytes, aligned to 4.
    I2cDev.Layout ilp32 = new I2cDev.Layout(4);
    assertEquals(8, ilp32.msgBuf());
    assertEquals(12, ilp32.msgSize());
    assertEquals(4, ilp32.rdwrNmsgs());
    assertEquals(8, ilp32.rdwrSize());
    assertEquals(java.lang.foreign.ValueLayout.ADDRESS.byteSize(), I2cDev.LAYOUT.pointerBytes());
  }

  @Test
  void spiTransferIsEncodedByteForByte() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment tx = arena.allocate(4);
      MemorySegment rx = arena.allocate(4);
      MemorySegment t = arena.allocate(32, 8);
      t.fill((byte) 0x55);
      SpiDev.encodeTransfer(t, tx, rx, 3, 1_000_000, 8);
      byte[] expected = new byte[32];
      le64(expected, 0, tx.address());
      le64(expected, 8, rx.address());
      le32(expected, 16, 3); // len
      le32(expected, 20, 1_000_000); // speed_hz
      expected[26] = 8; // bits_per_word
      assertArrayEquals(expected, t.toArray(ValueLayout.JAVA_BYTE));
    }
  }
}
