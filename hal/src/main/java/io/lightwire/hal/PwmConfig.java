package io.lightwire.hal;

/**
 * A hardware PWM output, validated when constructed. The pin is named by its GPIO number; the PWM
 * chip and channel behind it come from the board (see the boards module, which fills them in and
 * checks the pin has that channel).
 *
 * @param id a name for logs and errors
 * @param bcm the BCM GPIO number the channel is routed to
 * @param chip the PWM chip index ({@code /sys/class/pwm/pwmchipN})
 * @param channel the channel on that chip
 * @param frequencyHz the initial frequency, 1..50 000 000 Hz
 * @param dutyPercent the initial duty cycle, 0..100 %
 * @param inverted the output is low for the duty part of each period (sysfs {@code polarity} {@code
 *     inversed}); the duty cycle still counts the active part
 */
public record PwmConfig(
    String id,
    int bcm,
    int chip,
    int channel,
    long frequencyHz,
    double dutyPercent,
    boolean inverted) {

  /** A PWM output with normal polarity (high for the duty part). */
  public PwmConfig(
      String id, int bcm, int chip, int channel, long frequencyHz, double dutyPercent) {
    this(id, bcm, chip, channel, frequencyHz, dutyPercent, false);
  }

  /** The largest frequency accepted, 50 MHz. */
  public static final long MAX_FREQUENCY_HZ = 50_000_000;

  /**
   * This output at another frequency and duty, validated as a new config is (the exception names
   * the bad value and the range).
   */
  public PwmConfig withOutput(long frequencyHz, double dutyPercent) {
    return new PwmConfig(id, bcm, chip, channel, frequencyHz, dutyPercent, inverted);
  }

  /** Validates every field. */
  public PwmConfig {
    Checks.id(id);
    Checks.gpio(id, bcm);
    Checks.range(id, "chip", chip, 0, 15);
    Checks.range(id, "channel", channel, 0, 15);
    Checks.range(id, "frequencyHz", frequencyHz, 1, MAX_FREQUENCY_HZ);
    Checks.range(id, "dutyPercent", dutyPercent, 0.0, 100.0);
  }
}
