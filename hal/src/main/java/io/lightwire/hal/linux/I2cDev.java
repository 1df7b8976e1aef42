package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * One peripheral on {@code /dev/i2c-N}, driven with {@code I2C_RDWR} ({@code
 * include/uapi/linux/i2c-dev.h}, {@code include/uapi/linux/i2c.h}) so a register read is one
 * transaction with a repeated start. The messages and data buffer are allocated once.
 *
 * <pre>
 * struct i2c_msg { u16 addr; u16 flags; u16 len; u8 *buf; }        64-bit: 16 bytes, buf at 8
 *                                                                  32-bit: 12 bytes, buf at 8
 * struct i2c_rdwr_ioctl_data { struct i2c_msg *msgs; u32 nmsgs; }  64-bit: 16 bytes, nmsgs at 8
 *                                                                  32-bit:  8 bytes, nmsgs at 4
 * </pre>
 *
 * Both hold pointers, so their layout follows the platform's pointer size ({@link Layout}, taken
 * from {@code ValueLayout.ADDRESS}): the same code is right on a 64-bit and a 32-bit userland.
 */
public final class I2cDev extends DeviceNode {

  /** {@code I2C_RDWR}. */
  public static final long I2C_RDWR = 0x0707;

  /** {@code I2C_M_RD}: the message reads. */
  public static final int I2C_M_RD = 0x0001;

  /**
   * The pointer-dependent layout of {@code i2c_msg} and {@code i2c_rdwr_ioctl_data} (natural
   * alignment, as the kernel's uAPI structs have).
   *
   * @param pointerBytes 8 on arm64 and x86-64, 4 on 32-bit ARM
   */
  public record Layout(long pointerBytes) {

    /** {@code offsetof(struct i2c_msg, buf)}: three u16, then the pointer at its alignment. */
    public long msgBuf() {
      return align(6, pointerBytes);
    }

    /** {@code sizeof(struct i2c_msg)}. */
    public long msgSize() {
      return align(msgBuf() + pointerBytes, pointerBytes);
    }

    /** {@code offsetof(struct i2c_rdwr_ioctl_data, nmsgs)}. */
    public long rdwrNmsgs() {
      return pointerBytes;
    }

    /** {@code sizeof(struct i2c_rdwr_ioctl_data)}. */
    public long rdwrSize() {
      return align(pointerBytes + 4, pointerBytes);
    }

    /** Writes {@code pointer} at {@code offset} in this platform's pointer width. */
    void setPointer(MemorySegment s, long offset, MemorySegment pointer) {
      if (pointerBytes == 8) {
        s.set(JAVA_LONG, offset, pointer.address());
      } else {
        s.set(JAVA_INT, offset, (int) pointer.address());
      }
    }

    private static long align(long n, long to) {
      return (n + to - 1) / to * to;
    }
  }

  /** This platform's layout. */
  public static final Layout LAYOUT = new Layout(ADDRESS.byteSize());

  /** {@code sizeof(struct i2c_msg)} on this platform. */
  public static final long MSG_SIZE = LAYOUT.msgSize();

  /** {@code sizeof(struct i2c_rdwr_ioctl_data)} on this platform. */
  public static final long RDWR_SIZE = LAYOUT.rdwrSize();

  /** The largest transfer, bytes ({@code I2C_RDWR} allows 8192 per message). */
  public static final int MAX_TRANSFER = 4096;

  static final long MSG_ADDR = 0;
  static final long MSG_FLAGS = 2;
  static final long MSG_LEN = 4;
  static final long MSG_BUF = LAYOUT.msgBuf();
  static final long RDWR_MSGS = 0;
  static final long RDWR_NMSGS = LAYOUT.rdwrNmsgs();

  private final int address;
  private final MemorySegment messages = arena.allocate(2 * MSG_SIZE, 8);
  private final MemorySegment rdwr = arena.allocate(RDWR_SIZE, 8);
  private final MemorySegment data = arena.allocate(MAX_TRANSFER + 1L, 8);

  /**
   * Opens {@code /dev/i2c-<bus>} for the peripheral at {@code address}.
   *
   * @throws NativeException when the bus device cannot be opened
   */
  public I2cDev(LinuxNative linux, int bus, int address) {
    super(linux, "/dev/i2c-" + bus);
    this.address = address;
  }

  /** Encodes message {@code index} of {@code messages}. */
  public static void encodeMessage(
      MemorySegment messages, int index, int address, int flags, int length, MemorySegment buf) {
    long m = index * MSG_SIZE;
    messages.asSlice(m, MSG_SIZE).fill((byte) 0);
    messages.set(JAVA_SHORT, m + MSG_ADDR, (short) address);
    messages.set(JAVA_SHORT, m + MSG_FLAGS, (short) flags);
    messages.set(JAVA_SHORT, m + MSG_LEN, (short) length);
    LAYOUT.setPointer(messages, m + MSG_BUF, buf);
  }

  /** Encodes the ioctl argument pointing at {@code count} messages. */
  public static void encodeRdwr(MemorySegment rdwr, MemorySegment messages, int count) {
    rdwr.fill((byte) 0);
    LAYOUT.setPointer(rdwr, RDWR_MSGS, messages);
    rdwr.set(JAVA_INT, RDWR_NMSGS, count);
  }

  private static void checkLength(int length) {
    if (length < 0 || length > MAX_TRANSFER) {
      throw new IllegalArgumentException(
          "I2C transfer of " + length + " bytes; at most " + MAX_TRANSFER);
    }
  }

  /** One write transaction of {@code prefix} (if {@code >= 0}) then {@code length} bytes. */
  public synchronized void write(int prefix, byte[] src, int offset, int length) {
    checkLength(length);
    int at = 0;
    if (prefix >= 0) {
      data.set(JAVA_BYTE, 0, (byte) prefix);
      at = 1;
    }
    MemorySegment.copy(src, offset, data, JAVA_BYTE, at, length);
    encodeMessage(messages, 0, address, 0, at + length, data);
    transfer(1);
  }

  /** One read transaction, preceded by a one-byte register write if {@code register >= 0}. */
  public synchronized void read(int register, byte[] dst, int offset, int length) {
    checkLength(length);
    int count = 0;
    if (register >= 0) {
      data.set(JAVA_BYTE, MAX_TRANSFER, (byte) register);
      encodeMessage(messages, count++, address, 0, 1, data.asSlice(MAX_TRANSFER, 1));
    }
    encodeMessage(messages, count++, address, I2C_M_RD, length, data);
    transfer(count);
    MemorySegment.copy(data, JAVA_BYTE, 0, dst, offset, length);
  }

  private void transfer(int count) {
    encodeRdwr(rdwr, messages, count);
    linux.ioctl(fd, I2C_RDWR, rdwr);
  }
}
