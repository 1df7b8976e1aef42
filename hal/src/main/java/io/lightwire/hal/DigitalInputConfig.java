package io.lightwire.hal;

/**
 * A digital input, validated when constructed.
 *
 * @param id a name for logs and errors, e.g. {@code "button"}
 * @param bcm the BCM GPIO number
 * @param pull the bias resistor
 * @param activeLow true when a raw low reads as logical high (a button to ground with pull-up)
 * @param debounceMicros a level must be stable this long (microseconds, 0..1 000 000) before an
 *     edge is reported; 0 reports every edge
 */
public record DigitalInputConfig(
    String id, int bcm, Pull pull, boolean activeLow, long debounceMicros) {

  /** Pi4J's default debounce, 10 ms. */
  public static final long DEFAULT_DEBOUNCE_MICROS = 10_000;

  /** The largest accepted debounce, one second. */
  public static final long MAX_DEBOUNCE_MICROS = 1_000_000;

  /** Validates the id, GPIO number, pull and debounce. */
  public DigitalInputConfig {
    Checks.id(id);
    Checks.gpio(id, bcm);
    if (pull == null) {
      throw new IllegalArgumentException(id + ": pull must be NONE, UP or DOWN");
    }
    Checks.range(id, "debounceMicros", debounceMicros, 0, MAX_DEBOUNCE_MICROS);
  }

  /** An active-high input without pull resistor and with the default debounce. */
  public static DigitalInputConfig of(String id, int bcm) {
    return new DigitalInputConfig(id, bcm, Pull.NONE, false, DEFAULT_DEBOUNCE_MICROS);
  }
}
