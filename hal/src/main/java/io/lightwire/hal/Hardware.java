package io.lightwire.hal;

/**
 * One board's hardware as the firmware sees it: opened at boot, closed at shutdown. Devices are
 * opened from validated configs that name their pin or bus; opening a pin that is already open
 * fails naming the pin and its holder. Closing puts every device into its safe state and releases
 * it; it is idempotent. An implementation that lacks a device type throws {@link
 * UnsupportedOperationException} naming it (the defaults below).
 */
public interface Hardware extends AutoCloseable {

  /** A short name for logs and the status page, e.g. {@code "emulated"} or {@code "pi4j"}. */
  String kind();

  /** True until {@link #close()} has run. */
  boolean isOpen();

  /**
   * Opens a digital output and sets its initial level.
   *
   * @throws IllegalStateException when the pin is already open (the message names it and who has
   *     it), or the hardware is closed
   * @throws DeviceIoException when the line cannot be requested
   */
  default DigitalOutput openDigitalOutput(DigitalOutputConfig config) {
    throw unsupported("digital outputs");
  }

  /** Opens a digital input; errors as {@link #openDigitalOutput}. */
  default DigitalInput openDigitalInput(DigitalInputConfig config) {
    throw unsupported("digital inputs");
  }

  /** Opens a hardware PWM channel, stopped; errors as {@link #openDigitalOutput}. */
  default PwmOutput openPwm(PwmConfig config) {
    throw unsupported("PWM");
  }

  /** Opens an I2C peripheral; errors as {@link #openDigitalOutput}. */
  default I2cDevice openI2c(I2cConfig config) {
    throw unsupported("I2C");
  }

  /** Opens an SPI device; errors as {@link #openDigitalOutput}. */
  default SpiDevice openSpi(SpiConfig config) {
    throw unsupported("SPI");
  }

  /** Opens a camera, stopped; errors as {@link #openDigitalOutput}. */
  default Camera openCamera(CameraConfig config) {
    throw unsupported("cameras");
  }

  /** The network interfaces and link events. */
  default Network network() {
    throw unsupported("network state");
  }

  /** The clock used for event timestamps and capture times. */
  default HalClock clock() {
    return HalClock.system();
  }

  /** Closes every open device (each to its safe state), then the hardware. Idempotent. */
  @Override
  void close();

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(kind() + " hardware does not support " + what);
  }
}
