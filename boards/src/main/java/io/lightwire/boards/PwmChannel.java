package io.lightwire.boards;

/**
 * A hardware PWM channel routed to a header pin.
 *
 * @param chip the PWM controller index as the board's documentation numbers it (PWM0 -> 0)
 * @param channel the channel on that controller
 * @param bcm the GPIO it is available on
 * @param physical the header pin
 */
public record PwmChannel(int chip, int channel, int bcm, int physical) {

  /** The function name on the pin, e.g. {@code PWM0_CH1}. */
  public String function() {
    return "PWM" + chip + "_CH" + channel;
  }
}
