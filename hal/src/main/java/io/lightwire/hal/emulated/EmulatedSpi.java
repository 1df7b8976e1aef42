package io.lightwire.hal.emulated;

import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import io.lightwire.hal.internal.ConfiguredDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.Objects;

/**
 * An emulated {@link SpiDevice}: transfers go to the {@link SpiPeripheral} on its chip select, or
 * loop back (what is sent is received) when none is attached.
 */
final class EmulatedSpi extends ConfiguredDevice<SpiConfig> implements SpiDevice {
  private final EmulatedBuses buses;

  EmulatedSpi(DeviceRegistry registry, EmulatedBuses buses, SpiConfig config, String resource) {
    super(
        registry,
        resource,
        config.id(),
        "SPI device '" + config.id() + "' (" + resource + ")",
        config);
    this.buses = buses;
  }

  @Override
  public void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
    synchronized (buses.lock) {
      ensureOpen();
      Objects.checkFromIndexSize(txOffset, length, tx.length);
      Objects.checkFromIndexSize(rxOffset, length, rx.length);
      SpiPeripheral p = buses.spi(config.bus(), config.chipSelect(), description());
      if (p == null) {
        System.arraycopy(tx, txOffset, rx, rxOffset, length);
      } else {
        p.transfer(tx, txOffset, rx, rxOffset, length);
      }
    }
  }

  @Override
  protected void onClose() {}
}
