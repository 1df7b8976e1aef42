package io.lightwire.hal.emulated;

/**
 * A device on an emulated SPI bus. Attach one with {@link EmulatedHardware#attachSpi}; without one,
 * MISO is wired to MOSI (loopback), so a transfer reads back what it wrote.
 */
@FunctionalInterface
public interface SpiPeripheral {

  /** One full-duplex transfer of {@code length} bytes. */
  void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length);
}
