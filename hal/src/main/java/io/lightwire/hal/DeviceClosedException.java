package io.lightwire.hal;

/** Thrown when a device is used after it (or its {@link Hardware}) was closed. */
public final class DeviceClosedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * @param description the device, e.g. {@code "digital output 'led' (GPIO 17)"}
   */
  public DeviceClosedException(String description) {
    super(description + " is closed; open it again from Hardware");
  }
}
