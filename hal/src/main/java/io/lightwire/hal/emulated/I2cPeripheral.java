package io.lightwire.hal.emulated;

/**
 * A device on an emulated I2C bus. Attach one with {@link EmulatedHardware#attachI2c}; an address
 * with nothing attached does not acknowledge.
 */
public interface I2cPeripheral {

  /** Receives one write transaction. */
  void write(byte[] data, int offset, int length);

  /** Answers one read transaction by filling {@code length} bytes. */
  void read(byte[] data, int offset, int length);
}
