package io.lightwire.hal;

/** Told about each debounced level change of a {@link DigitalInput}. */
@FunctionalInterface
public interface EdgeListener {

  /**
   * Called on the hardware's event thread (the emulated board: the thread advancing its clock).
   * Must not block.
   *
   * @param high the new logical level
   * @param timeNanos when it was detected, on the hardware's {@link HalClock#nanos()} scale
   */
  void onEdge(boolean high, long timeNanos);
}
