package io.lightwire.hal;

/**
 * One SPI device. Full-duplex transfers with caller-owned arrays, no allocation. Thread-safe. Safe
 * state on close: the device file is released, chip select inactive.
 */
public interface SpiDevice extends Device {

  /** The config this device was opened with. */
  SpiConfig config();

  /**
   * Clocks out {@code length} bytes from {@code tx} while clocking in {@code length} bytes into
   * {@code rx}. {@code tx} and {@code rx} may be the same array.
   *
   * @throws DeviceIoException when the transfer fails
   * @throws DeviceClosedException when closed
   */
  void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length);
}
