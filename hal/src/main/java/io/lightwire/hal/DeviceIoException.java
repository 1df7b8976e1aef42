package io.lightwire.hal;

/**
 * A bus transfer or device operation failed: an I2C peripheral did not acknowledge, an SPI transfer
 * or a system call failed. The message names the device and the cause.
 */
public final class DeviceIoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /** The I2C peripheral did not acknowledge its address or a byte. */
    NACK,
    /** The bus or controller reported an error (EIO, EREMOTEIO, ...). */
    BUS_ERROR,
    /** The device or file is not there (ENOENT, ENODEV). */
    NOT_FOUND,
    /** The device is busy, e.g. a GPIO line requested by another process (EBUSY). */
    BUSY,
    /** Anything else; see the message. */
    OTHER
  }

  private final Reason reason;

  /**
   * @param reason why it failed
   * @param message names the device and the failure
   */
  public DeviceIoException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * @param reason why it failed
   * @param message names the device and the failure
   * @param cause the underlying exception
   */
  public DeviceIoException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }
}
