package io.lightwire.hal;

/**
 * One device on an SPI bus, validated when constructed.
 *
 * @param id a name for logs and errors
 * @param bus the bus number ({@code /dev/spidevB.C}, B)
 * @param chipSelect the chip select line (C)
 * @param mode SPI mode 0..3 (CPOL, CPHA)
 * @param speedHz the clock, 1 000..125 000 000 Hz
 * @param bitsPerWord the word size, 8, 16 or 32 bits; a word of 16 or 32 bits is 2 or 4 bytes of
 *     the transfer buffers in native (little-endian) order, so a transfer's length is a multiple of
 *     that
 */
public record SpiConfig(
    String id, int bus, int chipSelect, int mode, long speedHz, int bitsPerWord) {

  /** An SPI device with 8-bit words. */
  public SpiConfig(String id, int bus, int chipSelect, int mode, long speedHz) {
    this(id, bus, chipSelect, mode, speedHz, 8);
  }

  /** Validates every field. */
  public SpiConfig {
    Checks.id(id);
    Checks.range(id, "bus", bus, 0, 15);
    Checks.range(id, "chipSelect", chipSelect, 0, 15);
    Checks.range(id, "mode", mode, 0, 3);
    Checks.range(id, "speedHz", speedHz, 1_000, 125_000_000);
    if (bitsPerWord != 8 && bitsPerWord != 16 && bitsPerWord != 32) {
      throw new IllegalArgumentException(
          id + ": bitsPerWord " + bitsPerWord + " is not a word size (8, 16 or 32)");
    }
  }
}
