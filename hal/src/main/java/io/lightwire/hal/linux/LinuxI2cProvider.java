package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CBus;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.io.i2c.I2CProviderBase;
import java.util.concurrent.Callable;

/** Lightwire's Pi4J 4 I2C provider over {@code /dev/i2c-N} ({@link I2cDev}). */
public final class LinuxI2cProvider extends I2CProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-i2c";

  private final LinuxNative linux;

  /**
   * @param linux the native boundary
   */
  public LinuxI2cProvider(LinuxNative linux) {
    super(ID, "Lightwire I2C (FFM, i2c-dev I2C_RDWR)");
    this.linux = linux;
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public I2C create(I2CConfig config) {
    I2cDev dev =
        ProviderSupport.open(
            String.format("I2C bus %d address 0x%02x", config.bus(), config.device()),
            EnableHints.i2c(config.bus()),
            () -> new I2cDev(linux, config.bus(), config.device()));
    return ProviderSupport.register(context, new Device(this, config, dev), dev);
  }

  /** Serialises calls per device (the kernel serialises the bus). */
  static final class Bus implements I2CBus {
    @Override
    public synchronized <R> R execute(I2C i2c, Callable<R> action) {
      try {
        return action.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static final class Device extends I2CBase<Bus> {
    private final I2cDev dev;
    private final byte[] one = new byte[1];
    private final String name;

    Device(I2CProvider provider, I2CConfig config, I2cDev dev) {
      super(provider, config, new Bus());
      this.dev = dev;
      this.name = String.format("I2C bus %d address 0x%02x", config.bus(), config.device());
    }

    private RuntimeException fail(NativeException e) {
      return e.toDeviceIo(name);
    }

    @Override
    public int write(byte b) {
      one[0] = b;
      return write(one, 0, 1);
    }

    @Override
    public int write(byte[] data, int offset, int length) {
      try {
        dev.write(-1, data, offset, length);
        return length;
      } catch (NativeException e) {
        throw fail(e);
      }
    }

    @Override
    public int read() {
      read(one, 0, 1);
      return one[0] & 0xff;
    }

    @Override
    public int read(byte[] data, int offset, int length) {
      try {
        dev.read(-1, data, offset, length);
        return length;
      } catch (NativeException e) {
        throw fail(e);
      }
    }

    @Override
    public int readRegister(int register) {
      readRegister(register, one, 0, 1);
      return one[0] & 0xff;
    }

    @Override
    public int readRegister(int register, byte[] data, int offset, int length) {
      try {
        dev.read(register & 0xff, data, offset, length);
        return length;
      } catch (NativeException e) {
        throw fail(e);
      }
    }

    @Override
    public int readRegister(byte[] register, byte[] data, int offset, int length) {
      if (register.length != 1) {
        throw new UnsupportedOperationException("only one-byte register addresses");
      }
      return readRegister(register[0] & 0xff, data, offset, length);
    }

    @Override
    public int writeRegister(int register, byte b) {
      one[0] = b;
      return writeRegister(register, one, 0, 1);
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
      try {
        dev.write(register & 0xff, data, offset, length);
        return length;
      } catch (NativeException e) {
        throw fail(e);
      }
    }

    @Override
    public int writeRegister(byte[] register, byte[] data, int offset, int length) {
      if (register.length != 1) {
        throw new UnsupportedOperationException("only one-byte register addresses");
      }
      return writeRegister(register[0] & 0xff, data, offset, length);
    }

    @Override
    public I2C shutdownInternal(Context context) throws ShutdownException {
      try {
        return super.shutdownInternal(context);
      } finally {
        dev.close();
      }
    }
  }
}
