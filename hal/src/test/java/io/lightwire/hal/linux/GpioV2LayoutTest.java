package io.lightwire.hal.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The GPIO v2 structures byte for byte against include/uapi/linux/gpio.h (64-bit little-endian, as
 * on the Pi and x86-64).
 */
class GpioV2LayoutTest {

  private static void le32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
    b[at + 2] = (byte) (v >> 16);
    b[at + 3] = (byte) (v >> 24);
  }

  private static void le64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >> (8 * i));
    }
  }

  @Test
  void theHostIsLittleEndianLikeThePi() {
    assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
  }

  @Test
  void ioctlNumbersMatchTheKernelHeaders() {
    assertEquals(0x8044B401L, GpioV2.GET_CHIPINFO_IOCTL);
    assertEquals(0xC250B407L, GpioV2.GET_LINE_IOCTL);
    assertEquals(0xC100B405L, GpioV2.GET_LINEINFO_IOCTL);
    assertEquals(0xC110B40DL, GpioV2.LINE_SET_CONFIG_IOCTL);
    assertEquals(0xC010B40EL, GpioV2.LINE_GET_VALUES_IOCTL);
    assertEquals(0xC010B40FL, GpioV2.LINE_SET_VALUES_IOCTL);
  }

  @Test
  void anOutputRequestIsEncodedByteForByte() {
    byte[] expected = new byte[592];
    le32(expected, 0, 17); // offsets[0]
    byte[] consumer = "led".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(consumer, 0, expected, 256, consumer.length); // consumer
    le64(expected, 288, 0x08); // config.flags = OUTPUT
    le32(expected, 296, 1); // config.num_attrs
    le32(expected, 320, 2); // attrs[0].attr.id = OUTPUT_VALUES
    le64(expected, 328, 1); // attrs[0].attr.values
    le64(expected, 336, 1); // attrs[0].mask
    le32(expected, 560, 1); // num_lines
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment req = arena.allocate(592, 8);
      req.fill((byte) 0x5a); // the encoder must clear everything it does not set
      GpioV2.encodeLineRequest(req, 17, "led", GpioV2.FLAG_OUTPUT, true, 0, 0);
      assertArrayEquals(expected, req.toArray(ValueLayout.JAVA_BYTE));
    }
  }

  @Test
  void anInputRequestCarriesEdgesBiasAndDebounce() {
    byte[] expected = new byte[592];
    le32(expected, 0, 22);
    byte[] consumer = "0123456789012345678901234567890".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(consumer, 0, expected, 256, 31); // cut to 31 + NUL
    le64(expected, 288, 0x4 | 0x10 | 0x20 | 0x100); // INPUT, both edges, pull-up
    le32(expected, 296, 1);
    le32(expected, 320, 3); // DEBOUNCE
    le32(expected, 328, 5000); // debounce_period_us (u32 in the union)
    le64(expected, 336, 1);
    le32(expected, 560, 1);
    le32(expected, 564, 16); // event_buffer_size
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment req = arena.allocate(592, 8);
      GpioV2.encodeLineRequest(
          req,
          22,
          "0123456789012345678901234567890123",
          GpioV2.FLAG_INPUT
              | GpioV2.FLAG_EDGE_RISING
              | GpioV2.FLAG_EDGE_FALLING
              | GpioV2.FLAG_BIAS_PULL_UP,
          false,
          5000,
          16);
      assertArrayEquals(expected, req.toArray(ValueLayout.JAVA_BYTE));
      le32(expected, 588, 42);
      req.set(ValueLayout.JAVA_INT, 588, 42);
      assertEquals(42, GpioV2.requestFd(req));
    }
  }

  @Test
  void valuesEventsAndChipInfoDecode() {
    try (Arena arena = Arena.ofConfined()) {
      byte[] values = new byte[16];
      MemorySegment v = arena.allocate(16, 8);
      GpioV2.encodeValues(v, true);
      le64(values, 0, 1);
      le64(values, 8, 1);
      assertArrayEquals(values, v.toArray(ValueLayout.JAVA_BYTE));
      assertEquals(true, GpioV2.decodeValue(v));

      byte[] event = new byte[48];
      le64(event, 0, 123_456_789_000L);
      le32(event, 8, 2); // falling
      le32(event, 12, 22);
      le32(event, 16, 7);
      le32(event, 20, 3);
      MemorySegment e = arena.allocate(48, 8);
      MemorySegment.copy(event, 0, e, ValueLayout.JAVA_BYTE, 0, 48);
      assertEquals(123_456_789_000L, GpioV2.eventTimestampNanos(e));
      assertEquals(GpioV2.EVENT_FALLING_EDGE, GpioV2.eventId(e));
      assertEquals(22, GpioV2.eventOffset(e));
      assertEquals(3, GpioV2.eventLineSeqno(e));

      byte[] info = new byte[68];
      System.arraycopy("gpiochip0".getBytes(StandardCharsets.US_ASCII), 0, info, 0, 9);
      System.arraycopy("pinctrl-rp1".getBytes(StandardCharsets.US_ASCII), 0, info, 32, 11);
      le32(info, 64, 54);
      MemorySegment i = arena.allocate(68, 8);
      MemorySegment.copy(info, 0, i, ValueLayout.JAVA_BYTE, 0, 68);
      assertEquals("gpiochip0", GpioV2.chipName(i));
      assertEquals("pinctrl-rp1", GpioV2.chipLabel(i));
      assertEquals(54, GpioV2.chipLines(i));
    }
  }
}
