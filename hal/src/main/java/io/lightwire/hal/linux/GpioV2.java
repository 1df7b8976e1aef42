package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The GPIO character device v2 uAPI ({@code include/uapi/linux/gpio.h}, Linux 5.10+): ioctl
 * numbers, flags, and the layout of each structure as the kernel defines it (64-bit, natural
 * alignment, native byte order), with encoders and decoders that write straight into a caller-owned
 * segment.
 *
 * <pre>
 * struct gpiochip_info          { char name[32]; char label[32]; u32 lines; }            68 bytes
 * struct gpio_v2_line_attribute { u32 id; u32 padding; union { u64 flags; u64 values;
 *                                 u32 debounce_period_us; }; }                           16 bytes
 * struct gpio_v2_line_config_attribute { struct gpio_v2_line_attribute attr; u64 mask; } 24 bytes
 * struct gpio_v2_line_config    { u64 flags; u32 num_attrs; u32 padding[5];
 *                                 struct gpio_v2_line_config_attribute attrs[10]; }     272 bytes
 * struct gpio_v2_line_request   { u32 offsets[64]; char consumer[32];
 *                                 struct gpio_v2_line_config config; u32 num_lines;
 *                                 u32 event_buffer_size; u32 padding[5]; s32 fd; }      592 bytes
 * struct gpio_v2_line_values    { u64 bits; u64 mask; }                                  16 bytes
 * struct gpio_v2_line_event     { u64 timestamp_ns; u32 id; u32 offset; u32 seqno;
 *                                 u32 line_seqno; u32 padding[6]; }                      48 bytes
 * struct gpio_v2_line_info      { char name[32]; char consumer[32]; u32 offset;
 *                                 u32 num_attrs; u64 flags;
 *                                 struct gpio_v2_line_attribute attrs[10]; u32 padding[4]; } 256 bytes
 * </pre>
 */
public final class GpioV2 {

  /** {@code GPIO_MAX_NAME_SIZE}. */
  public static final int MAX_NAME_SIZE = 32;

  /** {@code GPIO_V2_LINES_MAX}. */
  public static final int LINES_MAX = 64;

  /** {@code GPIO_V2_LINE_NUM_ATTRS_MAX}. */
  public static final int NUM_ATTRS_MAX = 10;

  /** Structure sizes in bytes. */
  public static final long CHIPINFO_SIZE = 68;

  /** {@code sizeof(struct gpio_v2_line_attribute)}. */
  public static final long ATTRIBUTE_SIZE = 16;

  /** {@code sizeof(struct gpio_v2_line_config_attribute)}. */
  public static final long CONFIG_ATTRIBUTE_SIZE = 24;

  /** {@code sizeof(struct gpio_v2_line_config)}. */
  public static final long LINE_CONFIG_SIZE = 272;

  /** {@code sizeof(struct gpio_v2_line_request)}. */
  public static final long LINE_REQUEST_SIZE = 592;

  /** {@code sizeof(struct gpio_v2_line_values)}. */
  public static final long LINE_VALUES_SIZE = 16;

  /** {@code sizeof(struct gpio_v2_line_event)}. */
  public static final long LINE_EVENT_SIZE = 48;

  /** {@code sizeof(struct gpio_v2_line_info)}. */
  public static final long LINE_INFO_SIZE = 256;

  // gpio_v2_line_info
  static final long INFO_NAME = 0;
  static final long INFO_CONSUMER = 32;
  static final long INFO_OFFSET = 64;
  static final long INFO_NUM_ATTRS = 68;
  static final long INFO_FLAGS = 72;
  static final long INFO_ATTRS = 80;

  // gpiochip_info
  static final long CHIPINFO_NAME = 0;
  static final long CHIPINFO_LABEL = 32;
  static final long CHIPINFO_LINES = 64;

  // gpio_v2_line_request
  static final long REQUEST_OFFSETS = 0;
  static final long REQUEST_CONSUMER = 256;
  static final long REQUEST_CONFIG = 288;
  static final long REQUEST_NUM_LINES = 560;
  static final long REQUEST_EVENT_BUFFER_SIZE = 564;
  static final long REQUEST_FD = 588;

  // gpio_v2_line_config, relative
  static final long CONFIG_FLAGS = 0;
  static final long CONFIG_NUM_ATTRS = 8;
  static final long CONFIG_ATTRS = 32;

  // gpio_v2_line_config_attribute, relative
  static final long ATTRIBUTE_ID = 0;
  static final long ATTRIBUTE_VALUE = 8;
  static final long ATTRIBUTE_MASK = 16;

  // gpio_v2_line_values
  static final long VALUES_BITS = 0;
  static final long VALUES_MASK = 8;

  // gpio_v2_line_event
  static final long EVENT_TIMESTAMP = 0;
  static final long EVENT_ID = 8;
  static final long EVENT_OFFSET = 12;
  static final long EVENT_SEQNO = 16;
  static final long EVENT_LINE_SEQNO = 20;

  /** {@code enum gpio_v2_line_flag}. */
  public static final long FLAG_USED = 1L;

  /** Line is active low. */
  public static final long FLAG_ACTIVE_LOW = 1L << 1;

  /** Line is an input. */
  public static final long FLAG_INPUT = 1L << 2;

  /** Line is an output. */
  public static final long FLAG_OUTPUT = 1L << 3;

  /** Report rising edges. */
  public static final long FLAG_EDGE_RISING = 1L << 4;

  /** Report falling edges. */
  public static final long FLAG_EDGE_FALLING = 1L << 5;

  /** Open drain output. */
  public static final long FLAG_OPEN_DRAIN = 1L << 6;

  /** Open source output. */
  public static final long FLAG_OPEN_SOURCE = 1L << 7;

  /** Pull-up bias. */
  public static final long FLAG_BIAS_PULL_UP = 1L << 8;

  /** Pull-down bias. */
  public static final long FLAG_BIAS_PULL_DOWN = 1L << 9;

  /** Bias disabled. */
  public static final long FLAG_BIAS_DISABLED = 1L << 10;

  /** Event timestamps from CLOCK_REALTIME (default CLOCK_MONOTONIC). */
  public static final long FLAG_EVENT_CLOCK_REALTIME = 1L << 11;

  /** {@code GPIO_V2_LINE_ATTR_ID_FLAGS}. */
  public static final int ATTR_ID_FLAGS = 1;

  /** {@code GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES}. */
  public static final int ATTR_ID_OUTPUT_VALUES = 2;

  /** {@code GPIO_V2_LINE_ATTR_ID_DEBOUNCE}. */
  public static final int ATTR_ID_DEBOUNCE = 3;

  /** {@code GPIO_V2_LINE_EVENT_RISING_EDGE}. */
  public static final int EVENT_RISING_EDGE = 1;

  /** {@code GPIO_V2_LINE_EVENT_FALLING_EDGE}. */
  public static final int EVENT_FALLING_EDGE = 2;

  private static final int IOC_WRITE = 1;
  private static final int IOC_READ = 2;
  private static final int GPIO_IOC_MAGIC = 0xB4;

  /** {@code GPIO_GET_CHIPINFO_IOCTL = _IOR(0xB4, 0x01, struct gpiochip_info)}. */
  public static final long GET_CHIPINFO_IOCTL = ioc(IOC_READ, GPIO_IOC_MAGIC, 0x01, CHIPINFO_SIZE);

  /** {@code GPIO_V2_GET_LINEINFO_IOCTL = _IOWR(0xB4, 0x05, struct gpio_v2_line_info)}. */
  public static final long GET_LINEINFO_IOCTL =
      ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x05, LINE_INFO_SIZE);

  /** {@code GPIO_V2_GET_LINE_IOCTL = _IOWR(0xB4, 0x07, struct gpio_v2_line_request)}. */
  public static final long GET_LINE_IOCTL =
      ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x07, LINE_REQUEST_SIZE);

  /** {@code GPIO_V2_LINE_SET_CONFIG_IOCTL = _IOWR(0xB4, 0x0D, struct gpio_v2_line_config)}. */
  public static final long LINE_SET_CONFIG_IOCTL =
      ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x0D, LINE_CONFIG_SIZE);

  /** {@code GPIO_V2_LINE_GET_VALUES_IOCTL = _IOWR(0xB4, 0x0E, struct gpio_v2_line_values)}. */
  public static final long LINE_GET_VALUES_IOCTL =
      ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x0E, LINE_VALUES_SIZE);

  /** {@code GPIO_V2_LINE_SET_VALUES_IOCTL = _IOWR(0xB4, 0x0F, struct gpio_v2_line_values)}. */
  public static final long LINE_SET_VALUES_IOCTL =
      ioc(IOC_READ | IOC_WRITE, GPIO_IOC_MAGIC, 0x0F, LINE_VALUES_SIZE);

  private GpioV2() {}

  /** The kernel's {@code _IOC(dir, type, nr, size)} (asm-generic/ioctl.h). */
  public static long ioc(int dir, int type, int nr, long size) {
    return ((long) dir << 30) | (size << 16) | ((long) type << 8) | nr;
  }

  /**
   * Encodes a request for one line.
   *
   * @param request a segment of at least {@link #LINE_REQUEST_SIZE} bytes; fully overwritten
   * @param offset the line offset on the chip (the BCM number on the Pi's header chips)
   * @param consumer shown by {@code gpioinfo}; cut to 31 bytes
   * @param flags {@code FLAG_*} bits for the line
   * @param outputHigh the initial value, used when {@code flags} has {@link #FLAG_OUTPUT}
   * @param debounceMicros the debounce period; 0 for none
   * @param eventBufferSize kernel event buffer, 0 for the default
   */
  public static void encodeLineRequest(
      MemorySegment request,
      int offset,
      String consumer,
      long flags,
      boolean outputHigh,
      long debounceMicros,
      int eventBufferSize) {
    request.asSlice(0, LINE_REQUEST_SIZE).fill((byte) 0);
    request.set(JAVA_INT, REQUEST_OFFSETS, offset);
    byte[] name = consumer.getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(name.length, MAX_NAME_SIZE - 1);
    MemorySegment.copy(name, 0, request, JAVA_BYTE, REQUEST_CONSUMER, n);
    long config = REQUEST_CONFIG;
    request.set(JAVA_LONG, config + CONFIG_FLAGS, flags);
    int attrs = 0;
    if ((flags & FLAG_OUTPUT) != 0) {
      long a = config + CONFIG_ATTRS + attrs++ * CONFIG_ATTRIBUTE_SIZE;
      request.set(JAVA_INT, a + ATTRIBUTE_ID, ATTR_ID_OUTPUT_VALUES);
      request.set(JAVA_LONG, a + ATTRIBUTE_VALUE, outputHigh ? 1L : 0L);
      request.set(JAVA_LONG, a + ATTRIBUTE_MASK, 1L);
    }
    if (debounceMicros > 0) {
      long a = config + CONFIG_ATTRS + attrs++ * CONFIG_ATTRIBUTE_SIZE;
      request.set(JAVA_INT, a + ATTRIBUTE_ID, ATTR_ID_DEBOUNCE);
      request.set(JAVA_INT, a + ATTRIBUTE_VALUE, (int) debounceMicros);
      request.set(JAVA_LONG, a + ATTRIBUTE_MASK, 1L);
    }
    request.set(JAVA_INT, config + CONFIG_NUM_ATTRS, attrs);
    request.set(JAVA_INT, REQUEST_NUM_LINES, 1);
    request.set(JAVA_INT, REQUEST_EVENT_BUFFER_SIZE, eventBufferSize);
  }

  /** The line file descriptor the kernel wrote into a request. */
  public static int requestFd(MemorySegment request) {
    return request.get(JAVA_INT, REQUEST_FD);
  }

  /** Encodes values for line 0 of a one-line request: bit 0 = {@code high}, mask = 1. */
  public static void encodeValues(MemorySegment values, boolean high) {
    values.set(JAVA_LONG, VALUES_BITS, high ? 1L : 0L);
    values.set(JAVA_LONG, VALUES_MASK, 1L);
  }

  /** Bit 0 of {@code gpio_v2_line_values.bits}. */
  public static boolean decodeValue(MemorySegment values) {
    return (values.get(JAVA_LONG, VALUES_BITS) & 1L) != 0;
  }

  /** {@code gpiochip_info.label}. */
  public static String chipLabel(MemorySegment info) {
    return cString(info, CHIPINFO_LABEL, MAX_NAME_SIZE);
  }

  /** {@code gpiochip_info.name}. */
  public static String chipName(MemorySegment info) {
    return cString(info, CHIPINFO_NAME, MAX_NAME_SIZE);
  }

  /** {@code gpiochip_info.lines}. */
  public static int chipLines(MemorySegment info) {
    return info.get(JAVA_INT, CHIPINFO_LINES);
  }

  /** {@code gpio_v2_line_event.id}: {@link #EVENT_RISING_EDGE} or {@link #EVENT_FALLING_EDGE}. */
  public static int eventId(MemorySegment event) {
    return event.get(JAVA_INT, EVENT_ID);
  }

  /** {@code gpio_v2_line_event.timestamp_ns} (CLOCK_MONOTONIC unless configured otherwise). */
  public static long eventTimestampNanos(MemorySegment event) {
    return event.get(JAVA_LONG, EVENT_TIMESTAMP);
  }

  /** {@code gpio_v2_line_event.offset}. */
  public static int eventOffset(MemorySegment event) {
    return event.get(JAVA_INT, EVENT_OFFSET);
  }

  /** {@code gpio_v2_line_event.line_seqno}. */
  public static int eventLineSeqno(MemorySegment event) {
    return event.get(JAVA_INT, EVENT_LINE_SEQNO);
  }

  /** Prepares a {@code gpio_v2_line_info} query for {@code offset} (the rest must be zero). */
  public static void encodeLineInfoQuery(MemorySegment info, int offset) {
    info.asSlice(0, LINE_INFO_SIZE).fill((byte) 0);
    info.set(JAVA_INT, INFO_OFFSET, offset);
  }

  /** Decodes what the kernel wrote into a {@code gpio_v2_line_info}. */
  public static GpioLineInfo decodeLineInfo(MemorySegment info) {
    long debounce = 0;
    int attrs = Math.min(info.get(JAVA_INT, INFO_NUM_ATTRS), NUM_ATTRS_MAX);
    for (int i = 0; i < attrs; i++) {
      long a = INFO_ATTRS + i * ATTRIBUTE_SIZE;
      if (info.get(JAVA_INT, a + ATTRIBUTE_ID) == ATTR_ID_DEBOUNCE) {
        debounce = Integer.toUnsignedLong(info.get(JAVA_INT, a + ATTRIBUTE_VALUE));
      }
    }
    return new GpioLineInfo(
        info.get(JAVA_INT, INFO_OFFSET),
        cString(info, INFO_NAME, MAX_NAME_SIZE),
        cString(info, INFO_CONSUMER, MAX_NAME_SIZE),
        info.get(JAVA_LONG, INFO_FLAGS),
        debounce);
  }

  private static String cString(MemorySegment s, long offset, int max) {
    int len = 0;
    while (len < max && s.get(JAVA_BYTE, offset + len) != 0) {
      len++;
    }
    byte[] b = new byte[len];
    MemorySegment.copy(s, JAVA_BYTE, offset, b, 0, len);
    return new String(b, StandardCharsets.US_ASCII);
  }
}
