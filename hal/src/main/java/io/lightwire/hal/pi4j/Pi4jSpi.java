package io.lightwire.hal.pi4j;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import io.lightwire.hal.linux.LinuxSpiProvider;
import java.util.Map;
import java.util.Objects;

/** A {@link SpiDevice} of {@link Pi4jHardware}: one chip select on one bus. */
final class Pi4jSpi extends Pi4jDevice<Spi, SpiConfig> implements SpiDevice {

  Pi4jSpi(Board board, SpiConfig config, String resource) {
    super(
        board,
        resource,
        config.id(),
        describe("SPI device", config.id(), resource),
        config,
        context ->
            context.create(
                Spi.newConfigBuilder(context)
                    .id("spi" + config.bus() + "." + config.chipSelect())
                    .name(config.id())
                    .bus(config.bus())
                    .channel(config.chipSelect())
                    .mode(SpiMode.getByNumber(config.mode()))
                    .baud((int) config.speedHz())
                    .load(
                        Map.of(
                            LinuxSpiProvider.BITS_PER_WORD_KEY,
                            Integer.toString(config.bitsPerWord())))
                    .build()));
  }

  @Override
  public void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
    Objects.checkFromIndexSize(rxOffset, length, rx.length);
    callOpen(tx, txOffset, length, () -> io.transfer(tx, txOffset, rx, rxOffset, length));
  }
}
