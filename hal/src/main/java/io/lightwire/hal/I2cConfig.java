package io.lightwire.hal;

/**
 * One peripheral on an I2C bus, validated when constructed.
 *
 * @param id a name for logs and errors, e.g. {@code "bme280"}
 * @param bus the bus number ({@code /dev/i2c-N}); bus 1 is on header pins 3 and 5
 * @param address the 7-bit address, 0x03..0x77 (the others are reserved)
 */
public record I2cConfig(String id, int bus, int address) {

  /** The lowest non-reserved 7-bit address. */
  public static final int MIN_ADDRESS = 0x03;

  /** The highest non-reserved 7-bit address. */
  public static final int MAX_ADDRESS = 0x77;

  /** Validates the id, bus and address. */
  public I2cConfig {
    Checks.id(id);
    Checks.range(id, "bus", bus, 0, 31);
    if (address < MIN_ADDRESS || address > MAX_ADDRESS) {
      throw new IllegalArgumentException(
          String.format(
              "%s: address 0x%02x is reserved or not 7-bit (valid 0x%02x..0x%02x)",
              id, address, MIN_ADDRESS, MAX_ADDRESS));
    }
  }
}
