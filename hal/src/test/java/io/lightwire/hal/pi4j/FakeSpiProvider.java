package io.lightwire.hal.pi4j;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.io.spi.SpiProviderBase;

/** A Pi4J 4 SPI provider for tests: MISO returns the inverted MOSI bytes. */
final class FakeSpiProvider extends SpiProviderBase {

  FakeSpiProvider() {
    super("fake-spi", "Fake SPI");
  }

  @Override
  public Spi create(SpiConfig config) {
    Spi spi = new FakeSpi(this, config);
    context.registry().add(spi);
    return spi;
  }

  static final class FakeSpi extends SpiBase {
    FakeSpi(SpiProvider provider, SpiConfig config) {
      super(provider, config);
    }

    @Override
    public int transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
      for (int i = 0; i < length; i++) {
        rx[rxOffset + i] = (byte) ~tx[txOffset + i];
      }
      return length;
    }

    @Override
    public int write(byte b) {
      return 1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
      return length;
    }

    @Override
    public int read() {
      return 0;
    }

    @Override
    public int read(byte[] data, int offset, int length) {
      return length;
    }
  }
}
