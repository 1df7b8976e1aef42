package io.lightwire.hal.pi4j;

import com.pi4j.io.i2c.I2C;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;

/** An {@link I2cDevice} of {@link Pi4jHardware}: one address on one bus. */
final class Pi4jI2c extends Pi4jDevice<I2C, I2cConfig> implements I2cDevice {

  Pi4jI2c(Board board, I2cConfig config, String resource) {
    super(
        board,
        resource,
        config.id(),
        describe("I2C device", config.id(), resource),
        config,
        context ->
            context.create(
                I2C.newConfigBuilder(context)
                    .id(String.format("i2c%d-%02x", config.bus(), config.address()))
                    .name(config.id())
                    .bus(config.bus())
                    .device(config.address())
                    .build()));
  }

  @Override
  public void write(byte[] data, int offset, int length) {
    callOpen(data, offset, length, () -> io.write(data, offset, length));
  }

  @Override
  public void read(byte[] data, int offset, int length) {
    callOpen(data, offset, length, () -> io.read(data, offset, length));
  }

  @Override
  public void readRegister(int register, byte[] data, int offset, int length) {
    callOpen(data, offset, length, () -> io.readRegister(register, data, offset, length));
  }

  @Override
  public void writeRegister(int register, byte[] data, int offset, int length) {
    callOpen(data, offset, length, () -> io.writeRegister(register, data, offset, length));
  }
}
