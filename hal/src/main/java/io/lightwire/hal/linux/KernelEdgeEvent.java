package io.lightwire.hal.linux;

import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;

/**
 * A Pi4J state-change event that also carries the kernel's timestamp of the edge ({@code
 * gpio_v2_line_event.timestamp_ns}, CLOCK_MONOTONIC, the clock {@link System#nanoTime()} reads on
 * Linux), so listeners see when the edge happened rather than when it was dispatched.
 */
public final class KernelEdgeEvent extends DigitalStateChangeEvent<Digital<?, ?, ?>> {

  private final long timestampNanos;

  /**
   * @param source the input
   * @param state the new raw level
   * @param timestampNanos the kernel's timestamp
   */
  public KernelEdgeEvent(Digital<?, ?, ?> source, DigitalState state, long timestampNanos) {
    super(source, state);
    this.timestampNanos = timestampNanos;
  }

  /** When the kernel saw the edge, CLOCK_MONOTONIC nanoseconds. */
  public long timestampNanos() {
    return timestampNanos;
  }
}
