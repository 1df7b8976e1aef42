package io.lightwire.hal.emulated;

import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.internal.ConfiguredDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.Objects;

/**
 * An emulated {@link I2cDevice}: talks to the {@link I2cPeripheral} attached at its address. A
 * register access is a write of the register number followed by the read or the data, as on the
 * wire.
 */
final class EmulatedI2c extends ConfiguredDevice<I2cConfig> implements I2cDevice {
  private final EmulatedBuses buses;
  private final byte[] scratch = new byte[1 + 256];

  EmulatedI2c(DeviceRegistry registry, EmulatedBuses buses, I2cConfig config, String resource) {
    super(
        registry,
        resource,
        config.id(),
        "I2C device '" + config.id() + "' (" + resource + ")",
        config);
    this.buses = buses;
  }

  private I2cPeripheral peripheral(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    ensureOpen();
    return buses.i2c(config.bus(), config.address(), description());
  }

  @Override
  public void write(byte[] data, int offset, int length) {
    synchronized (buses.lock) {
      peripheral(data, offset, length).write(data, offset, length);
    }
  }

  @Override
  public void read(byte[] data, int offset, int length) {
    synchronized (buses.lock) {
      peripheral(data, offset, length).read(data, offset, length);
    }
  }

  @Override
  public void readRegister(int register, byte[] data, int offset, int length) {
    synchronized (buses.lock) {
      I2cPeripheral p = peripheral(data, offset, length);
      scratch[0] = (byte) register;
      p.write(scratch, 0, 1);
      p.read(data, offset, length);
    }
  }

  @Override
  public void writeRegister(int register, byte[] data, int offset, int length) {
    synchronized (buses.lock) {
      Objects.checkFromIndexSize(offset, length, data.length);
      if (length >= scratch.length) {
        throw new IllegalArgumentException(
            description() + ": register write of " + length + " bytes exceeds 256");
      }
      I2cPeripheral p = peripheral(data, offset, length);
      scratch[0] = (byte) register;
      System.arraycopy(data, offset, scratch, 1, length);
      p.write(scratch, 0, length + 1);
    }
  }

  @Override
  protected void onClose() {}
}
