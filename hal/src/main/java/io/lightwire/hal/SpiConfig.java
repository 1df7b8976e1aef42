package io.lightwire.hal;

/**
 * One device on an SPI bus, validated when constructed.
 *
 * @param id a name for logs and errors
 * @param bus the bus number ({@code /dev/spidevB.C}, B)
 * @param chipSelect the chip select line (C)
 * @param mode SPI mode 0..3 (CPOL, CPHA)
 * @param speedHz the clock, 1 000..125 000 000 Hz
 */
public record SpiConfig(String id, int bus, int chipSelect, int mode, long speedHz) {

  /** Validates every field. */
  public SpiConfig {
    Checks.id(id);
    Checks.range(id, "bus", bus, 0, 15);
    Checks.range(id, "chipSelect", chipSelect, 0, 15);
    Checks.range(id, "mode", mode, 0, 3);
    Checks.range(id, "speedHz", speedHz, 1_000, 125_000_000);
  }
}
