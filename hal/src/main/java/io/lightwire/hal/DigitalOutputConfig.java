package io.lightwire.hal;

/**
 * A digital output, validated when constructed.
 *
 * @param id a name for logs and errors, e.g. {@code "led"}
 * @param bcm the BCM GPIO number (not the physical header pin)
 * @param activeLow true when logical high drives the pin low (raw = logical XOR activeLow)
 * @param initial the logical level set when the output opens
 * @param shutdown the logical level the output is left at when it closes (its safe state)
 */
public record DigitalOutputConfig(
    String id, int bcm, boolean activeLow, boolean initial, boolean shutdown) {

  /** Validates the id and GPIO number. */
  public DigitalOutputConfig {
    Checks.id(id);
    Checks.gpio(id, bcm);
  }

  /** An active-high output that starts low and is left low on shutdown. */
  public static DigitalOutputConfig of(String id, int bcm) {
    return new DigitalOutputConfig(id, bcm, false, false, false);
  }
}
