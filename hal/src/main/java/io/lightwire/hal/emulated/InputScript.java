package io.lightwire.hal.emulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A timed sequence of raw pin levels to drive into the emulated board's inputs, relative to the
 * moment it is {@linkplain EmulatedHardware#play played}. Example: a button to ground (raw low
 * while pressed) pressed at 100 ms for 50 ms, with 2 ms of contact bounce:
 *
 * <pre>{@code
 * new InputScript().at(ms(100), 17, false).at(ms(101), 17, true).at(ms(102), 17, false)
 *     .at(ms(150), 17, true)
 * }</pre>
 */
public final class InputScript {

  /**
   * One step.
   *
   * @param at offset from the start of the script
   * @param bcm the GPIO number driven
   * @param high the raw level
   */
  public record Step(Duration at, int bcm, boolean high) {}

  private final List<Step> steps = new ArrayList<>();

  /** An empty script. */
  public InputScript() {}

  /** Drives {@code bcm} to the raw level {@code high} at {@code at} after the start. */
  public InputScript at(Duration at, int bcm, boolean high) {
    if (at.isNegative()) {
      throw new IllegalArgumentException("script step at " + at + " is before the start");
    }
    steps.add(new Step(at, bcm, high));
    return this;
  }

  /**
   * A press of a button to ground: raw low at {@code at} for {@code hold}, then released (high).
   */
  public InputScript press(int bcm, Duration at, Duration hold) {
    return at(at, bcm, false).at(at.plus(hold), bcm, true);
  }

  /** The steps in the order they were added. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }
}
