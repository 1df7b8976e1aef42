package io.lightwire.hal;

/**
 * A hardware PWM channel. It opens stopped (output low); {@link #on} starts it. Safe state on
 * close: disabled, output low. Thread-safe.
 */
public interface PwmOutput extends Device {

  /** The config this output was opened with. */
  PwmConfig config();

  /**
   * Starts or updates the output.
   *
   * @param dutyPercent 0..100
   * @param frequencyHz 1..{@link PwmConfig#MAX_FREQUENCY_HZ}
   * @throws IllegalArgumentException when a value is out of range
   * @throws DeviceClosedException when closed
   */
  void on(double dutyPercent, long frequencyHz);

  /** Stops the output (low). @throws DeviceClosedException when closed */
  void off();

  /** True while running. */
  boolean isOn();

  /** The duty cycle last set, percent. */
  double dutyPercent();

  /** The frequency last set, Hz. */
  long frequencyHz();

  /** Starts the output with the config's duty and frequency. */
  default void on() {
    on(config().dutyPercent(), config().frequencyHz());
  }
}
