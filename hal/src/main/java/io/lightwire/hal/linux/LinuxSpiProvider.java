package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.pi4j.io.spi.SpiProviderBase;

/** Lightwire's Pi4J 4 SPI provider over {@code /dev/spidevB.C} ({@link SpiDev}). */
public final class LinuxSpiProvider extends SpiProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-spi";

  /**
   * The Pi4J config property with the word size in bits (Pi4J's SPI config has none); 8 when
   * absent.
   */
  public static final String BITS_PER_WORD_KEY = "lightwire.bitsPerWord";

  private final LinuxNative linux;

  /**
   * @param linux the native boundary
   */
  public LinuxSpiProvider(LinuxNative linux) {
    super(ID, "Lightwire SPI (FFM, spidev SPI_IOC_MESSAGE)");
    this.linux = linux;
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public Spi create(SpiConfig config) {
    int bus = config.bus().getBus();
    int cs = config.channel();
    int bits = Integer.parseInt(config.properties().getOrDefault(BITS_PER_WORD_KEY, "8"));
    SpiDev dev =
        ProviderSupport.open(
            "SPI " + bus + "." + cs,
            EnableHints.spi(bus, cs),
            () -> new SpiDev(linux, bus, cs, config.mode().getMode(), config.baud(), bits));
    return ProviderSupport.register(context, new Device(this, config, dev), dev);
  }

  static final class Device extends SpiBase {
    private final SpiDev dev;
    private final byte[] one = new byte[1];
    private final byte[] sink = new byte[SpiDev.MAX_TRANSFER];

    Device(SpiProvider provider, SpiConfig config, SpiDev dev) {
      super(provider, config);
      this.dev = dev;
    }

    @Override
    public int transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
      try {
        dev.transfer(tx, txOffset, rx, rxOffset, length);
        return length;
      } catch (NativeException e) {
        throw e.toDeviceIo(dev.device());
      }
    }

    @Override
    public int write(byte b) {
      one[0] = b;
      return write(one, 0, 1);
    }

    @Override
    public synchronized int write(byte[] data, int offset, int length) {
      return transfer(data, offset, sink, 0, length);
    }

    @Override
    public int read() {
      read(one, 0, 1);
      return one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] data, int offset, int length) {
      java.util.Arrays.fill(sink, 0, length, (byte) 0);
      return transfer(sink, 0, data, offset, length);
    }

    @Override
    public Spi shutdownInternal(Context context) throws ShutdownException {
      try {
        return super.shutdownInternal(context);
      } finally {
        dev.close();
      }
    }
  }
}
