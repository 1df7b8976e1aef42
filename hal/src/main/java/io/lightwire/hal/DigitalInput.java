package io.lightwire.hal;

/**
 * A GPIO pin read by us, with debounced edge events. Levels are logical (see {@link
 * DigitalInputConfig#activeLow()}). Thread-safe. On close listeners are dropped and the line is
 * released (an input's safe state is to stay an input).
 */
public interface DigitalInput extends Device {

  /** The config this input was opened with. */
  DigitalInputConfig config();

  /**
   * The current logical level, read from the pin now (not debounced).
   *
   * @throws DeviceClosedException when closed
   */
  boolean get();

  /**
   * Adds a listener for debounced edges (both directions).
   *
   * @return closing it removes the listener
   * @throws DeviceClosedException when closed
   */
  Subscription onEdge(EdgeListener listener);
}
