package io.lightwire.hal;

/**
 * One I2C peripheral. Transfers use caller-owned arrays and allocate nothing. Thread-safe (a bus is
 * serialised). Safe state on close: the file descriptor is released; the bus is left idle.
 */
public interface I2cDevice extends Device {

  /** The config this device was opened with. */
  I2cConfig config();

  /**
   * Writes {@code length} bytes in one transaction.
   *
   * @throws DeviceIoException with {@link DeviceIoException.Reason#NACK} when not acknowledged
   * @throws DeviceClosedException when closed
   */
  void write(byte[] data, int offset, int length);

  /**
   * Reads {@code length} bytes in one transaction into {@code data}.
   *
   * @throws DeviceIoException with {@link DeviceIoException.Reason#NACK} when not acknowledged
   * @throws DeviceClosedException when closed
   */
  void read(byte[] data, int offset, int length);

  /**
   * Writes {@code register} then reads {@code length} bytes with a repeated start.
   *
   * @throws DeviceIoException when the transfer fails
   * @throws DeviceClosedException when closed
   */
  void readRegister(int register, byte[] data, int offset, int length);

  /**
   * Writes {@code register} followed by {@code length} bytes in one transaction.
   *
   * @throws DeviceIoException when the transfer fails
   * @throws DeviceClosedException when closed
   */
  void writeRegister(int register, byte[] data, int offset, int length);
}
