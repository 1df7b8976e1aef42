package io.lightwire.hal;

/**
 * A GPIO pin driven by us. Levels are logical (see {@link DigitalOutputConfig#activeLow()}).
 * Thread-safe. On close the pin goes to {@link DigitalOutputConfig#shutdown()}.
 */
public interface DigitalOutput extends Device {

  /** The config this output was opened with. */
  DigitalOutputConfig config();

  /**
   * Sets the logical level.
   *
   * @throws DeviceClosedException when closed
   * @throws DeviceIoException when the line cannot be written
   */
  void set(boolean high);

  /** The logical level last set. @throws DeviceClosedException when closed */
  boolean get();

  /** Sets the logical level high. */
  default void high() {
    set(true);
  }

  /** Sets the logical level low. */
  default void low() {
    set(false);
  }

  /** Inverts the logical level and returns the new one. */
  default boolean toggle() {
    boolean next = !get();
    set(next);
    return next;
  }
}
