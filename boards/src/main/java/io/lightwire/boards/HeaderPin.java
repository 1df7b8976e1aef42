package io.lightwire.boards;

import java.util.List;

/**
 * One pin of the 40-pin header.
 *
 * @param physical the physical pin number, 1..40 (odd: inner row, even: outer row)
 * @param kind GPIO, power or ground
 * @param bcm the BCM GPIO number, or -1 for power and ground pins
 * @param functions what the pin can be used as, {@code "GPIO"} first, then alternate functions such
 *     as {@code "I2C1_SDA"}, {@code "PWM0_CH0"}, {@code "SPI0_CE0"}; empty for power/ground
 */
public record HeaderPin(int physical, PinKind kind, int bcm, List<String> functions) {

  /** The generic digital I/O function every GPIO pin has. */
  public static final String GPIO = "GPIO";

  /** Copies the function list. */
  public HeaderPin {
    functions = List.copyOf(functions);
  }

  /** The label printed on pinout diagrams: {@code GPIO17}, {@code 3V3}, {@code 5V}, {@code GND}. */
  public String label() {
    return switch (kind) {
      case GPIO -> "GPIO" + bcm;
      case POWER_3V3 -> "3V3";
      case POWER_5V -> "5V";
      case GROUND -> "GND";
    };
  }

  /** True when the pin offers {@code function}. */
  public boolean has(String function) {
    return functions.contains(function);
  }

  /** E.g. {@code pin 11 (GPIO17)}. */
  public String describe() {
    return "pin " + physical + " (" + label() + ")";
  }
}
