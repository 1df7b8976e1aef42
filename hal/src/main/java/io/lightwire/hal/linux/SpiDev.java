package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * One device on {@code /dev/spidevB.C} ({@code include/uapi/linux/spi/spidev.h}): mode, word size
 * and speed set at open, full-duplex transfers with {@code SPI_IOC_MESSAGE(1)}. Buffers are
 * allocated once.
 *
 * <pre>
 * struct spi_ioc_transfer { u64 tx_buf; u64 rx_buf; u32 len; u32 speed_hz; u16 delay_usecs;
 *   u8 bits_per_word; u8 cs_change; u8 tx_nbits; u8 rx_nbits; u8 word_delay_usecs; u8 pad; }
 *                                                                          32 bytes
 * </pre>
 */
public final class SpiDev extends DeviceNode {

  /** {@code sizeof(struct spi_ioc_transfer)}. */
  public static final long TRANSFER_SIZE = 32;

  private static final int IOC_WRITE = 1;
  private static final int SPI_IOC_MAGIC = 'k';

  /** {@code SPI_IOC_MESSAGE(1) = _IOW('k', 0, char[32])}. */
  public static final long SPI_IOC_MESSAGE_1 = GpioV2.ioc(IOC_WRITE, SPI_IOC_MAGIC, 0, 32);

  /** {@code SPI_IOC_WR_MODE = _IOW('k', 1, u8)}. */
  public static final long SPI_IOC_WR_MODE = GpioV2.ioc(IOC_WRITE, SPI_IOC_MAGIC, 1, 1);

  /** {@code SPI_IOC_WR_BITS_PER_WORD = _IOW('k', 3, u8)}. */
  public static final long SPI_IOC_WR_BITS_PER_WORD = GpioV2.ioc(IOC_WRITE, SPI_IOC_MAGIC, 3, 1);

  /** {@code SPI_IOC_WR_MAX_SPEED_HZ = _IOW('k', 4, u32)}. */
  public static final long SPI_IOC_WR_MAX_SPEED_HZ = GpioV2.ioc(IOC_WRITE, SPI_IOC_MAGIC, 4, 4);

  /** The largest transfer, bytes (spidev's default buffer size). */
  public static final int MAX_TRANSFER = 4096;

  static final long TX_BUF = 0;
  static final long RX_BUF = 8;
  static final long LEN = 16;
  static final long SPEED_HZ = 20;
  static final long BITS_PER_WORD = 26;

  private final int speedHz;
  private final int bitsPerWord;
  private final int wordBytes;
  private final MemorySegment transfer = arena.allocate(TRANSFER_SIZE, 8);
  private final MemorySegment tx = arena.allocate(MAX_TRANSFER, 8);
  private final MemorySegment rx = arena.allocate(MAX_TRANSFER, 8);
  private final MemorySegment scalar = arena.allocate(4, 4);

  /**
   * Opens {@code /dev/spidev<bus>.<chipSelect>} and sets mode, word size and speed.
   *
   * @param bitsPerWord 1..32; words wider than 8 bits take 2 (up to 16) or 4 bytes of the buffers
   * @throws NativeException when the device cannot be opened or configured (EINVAL: the controller
   *     does not support the mode or word size)
   */
  public SpiDev(
      LinuxNative linux, int bus, int chipSelect, int mode, int speedHz, int bitsPerWord) {
    if (bitsPerWord < 1 || bitsPerWord > 32) {
      throw new IllegalArgumentException("SPI word of " + bitsPerWord + " bits; 1..32");
    }
    super(linux, "/dev/spidev" + bus + "." + chipSelect);
    this.speedHz = speedHz;
    this.bitsPerWord = bitsPerWord;
    this.wordBytes = bitsPerWord <= 8 ? 1 : bitsPerWord <= 16 ? 2 : 4;
    try {
      scalar.set(JAVA_BYTE, 0, (byte) mode);
      linux.ioctl(fd, SPI_IOC_WR_MODE, scalar);
      scalar.set(JAVA_BYTE, 0, (byte) bitsPerWord);
      linux.ioctl(fd, SPI_IOC_WR_BITS_PER_WORD, scalar);
      scalar.set(JAVA_INT, 0, speedHz);
      linux.ioctl(fd, SPI_IOC_WR_MAX_SPEED_HZ, scalar);
    } catch (NativeException e) {
      close();
      throw e;
    }
  }

  /** Encodes one {@code spi_ioc_transfer}. */
  public static void encodeTransfer(
      MemorySegment transfer,
      MemorySegment tx,
      MemorySegment rx,
      int length,
      int speedHz,
      int bitsPerWord) {
    transfer.fill((byte) 0);
    // __u64 fields whatever the pointer size (spidev casts them back), so 32-bit is the same.
    transfer.set(JAVA_LONG, TX_BUF, tx.address());
    transfer.set(JAVA_LONG, RX_BUF, rx.address());
    transfer.set(JAVA_INT, LEN, length);
    transfer.set(JAVA_INT, SPEED_HZ, speedHz);
    transfer.set(JAVA_BYTE, BITS_PER_WORD, (byte) bitsPerWord);
  }

  /** One full-duplex transfer. */
  public synchronized void transfer(
      byte[] out, int outOffset, byte[] in, int inOffset, int length) {
    if (length < 0 || length > MAX_TRANSFER) {
      throw new IllegalArgumentException(
          "SPI transfer of " + length + " bytes; at most " + MAX_TRANSFER);
    }
    if (length % wordBytes != 0) {
      throw new IllegalArgumentException(
          "SPI transfer of "
              + length
              + " bytes with "
              + bitsPerWord
              + "-bit words; a multiple of "
              + wordBytes
              + " bytes");
    }
    MemorySegment.copy(out, outOffset, tx, JAVA_BYTE, 0, length);
    encodeTransfer(transfer, tx, rx, length, speedHz, bitsPerWord);
    linux.ioctl(fd, SPI_IOC_MESSAGE_1, transfer);
    MemorySegment.copy(rx, JAVA_BYTE, 0, in, inOffset, length);
  }
}
