package io.lightwire.hal.kernel;

import static io.lightwire.hal.kernel.CheckRunner.read;
import static io.lightwire.hal.kernel.CheckRunner.require;
import static io.lightwire.hal.kernel.CheckRunner.requireEquals;

import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The HAL's i2c-dev, spidev and sysfs PWM providers against Lightwire's test drivers ({@code
 * hal/src/test/kernel}): a 256-register I2C device at 0x50 on bus 1, an SPI loopback controller on
 * bus 0, a two-channel PWM chip 0.
 */
final class BusKernelChecks {

  private static final int I2C_BUS = 1;
  private static final int I2C_ADDRESS = 0x50;
  private static final String I2C_MSGS = "/sys/module/lw_i2c_regs/parameters/last_xfer_msgs";
  private static final String SPI_LAST = "/sys/devices/platform/lw-spi-loopback/last_transfer";
  private static final String PWM = "/sys/class/pwm/pwmchip0/";
  private static final String PWM_APPLIED = "/sys/devices/platform/lw-pwm-dummy/applied";
  private static final int LARGEST_I2C = io.lightwire.hal.linux.I2cDev.MAX_TRANSFER;

  private final CheckRunner run;
  private final Hardware hw;
  private final Random random = new Random(13);

  BusKernelChecks(CheckRunner run, Hardware hw) {
    this.run = run;
    this.hw = hw;
  }

  void all() {
    run.check("i2c: register write then read back", this::i2cRegisters);
    run.check("i2c: register read is one transfer with a repeated start", this::i2cRepeatedStart);
    run.check("i2c: pointer write, then a plain read", this::i2cPointerThenRead);
    run.check("i2c: largest transfer (" + LARGEST_I2C + " bytes) both ways", this::i2cLargest);
    run.check("i2c: an empty address is reported as NACK", this::i2cNack);
    for (int mode = 0; mode <= 3; mode++) {
      for (long hz : new long[] {100_000, 1_000_000, 20_000_000}) {
        int m = mode;
        run.check(
            "spi: mode " + mode + " at " + hz + " Hz, 8-bit words: what is sent comes back",
            () -> spi(0, m, hz, 8, 64));
      }
    }
    run.check("spi: 16-bit words", () -> spi(0, 0, 1_000_000, 16, 64));
    run.check("spi: 32-bit words", () -> spi(0, 3, 5_000_000, 32, 256));
    run.check(
        "spi: chip select 1, largest transfer (4096 bytes)", () -> spi(1, 0, 10_000_000, 8, 4096));
    run.check("pwm: period, duty cycle, polarity and enable as sysfs reports them", this::pwm);
    run.check("pwm: inverted polarity", this::pwmInverted);
  }

  private I2cDevice i2c(String id, int address) {
    return hw.openI2c(new I2cConfig(id, I2C_BUS, address));
  }

  private void i2cRegisters() throws Exception {
    try (I2cDevice dev = i2c("lw-eeprom", I2C_ADDRESS)) {
      byte[] data = {0x12, 0x34, 0x56, 0x78};
      dev.writeRegister(0x10, data, 0, data.length);
      byte[] back = new byte[4];
      dev.readRegister(0x10, back, 0, back.length);
      require(Arrays.equals(data, back), "read back " + Arrays.toString(back));
    }
  }

  private void i2cRepeatedStart() throws Exception {
    try (I2cDevice dev = i2c("lw-eeprom", I2C_ADDRESS)) {
      dev.writeRegister(0x20, new byte[] {(byte) 0xa5}, 0, 1);
      requireEquals("1", read(I2C_MSGS), "messages in the register write");
      byte[] back = new byte[1];
      dev.readRegister(0x20, back, 0, 1);
      requireEquals("2", read(I2C_MSGS), "messages in the register read (write + read)");
      requireEquals((byte) 0xa5, back[0], "value");
    }
  }

  private void i2cPointerThenRead() throws Exception {
    try (I2cDevice dev = i2c("lw-eeprom", I2C_ADDRESS)) {
      dev.writeRegister(0x30, new byte[] {1, 2, 3}, 0, 3);
      dev.write(new byte[] {0x31}, 0, 1);
      byte[] back = new byte[2];
      dev.read(back, 0, 2);
      requireEquals("1", read(I2C_MSGS), "messages in the plain read");
      require(back[0] == 2 && back[1] == 3, "read from the pointer: " + Arrays.toString(back));
    }
  }

  private void i2cLargest() throws Exception {
    try (I2cDevice dev = i2c("lw-eeprom", I2C_ADDRESS)) {
      byte[] data = new byte[LARGEST_I2C];
      random.nextBytes(data);
      dev.writeRegister(0, data, 0, data.length);
      // The device has 256 registers and its pointer wraps: the last 256 bytes written remain.
      byte[] back = new byte[LARGEST_I2C];
      dev.readRegister(0, back, 0, back.length);
      for (int i = 0; i < back.length; i++) {
        if (back[i] != data[LARGEST_I2C - 256 + (i % 256)]) {
          throw new AssertionError("byte " + i + " differs");
        }
      }
    }
  }

  private void i2cNack() throws Exception {
    try (I2cDevice dev = i2c("lw-ghost", I2C_ADDRESS + 1)) {
      DeviceIoException e = GpioKernelChecks.expect(() -> dev.read(new byte[1], 0, 1));
      requireEquals(DeviceIoException.Reason.NACK, e.reason(), "reason");
      require(e.getMessage().contains("0x51"), "names the address: " + e.getMessage());
    }
  }

  private void spi(int cs, int mode, long hz, int bits, int length) throws Exception {
    try (SpiDevice dev = hw.openSpi(new SpiConfig("lw-spi", 0, cs, mode, hz, bits))) {
      byte[] tx = new byte[length];
      random.nextBytes(tx);
      byte[] rx = new byte[length];
      dev.transfer(tx, 0, rx, 0, length);
      require(Arrays.equals(tx, rx), "received bytes differ from those sent");
      requireEquals(
          "cs=" + cs + " mode=" + mode + " speed=" + hz + " bits=" + bits + " len=" + length,
          read(SPI_LAST),
          "the controller's last transfer");
    }
  }

  private void pwm() throws Exception {
    try (PwmOutput pwm = hw.openPwm(new PwmConfig("lw-fan", 18, 0, 0, 25_000, 40))) {
      require(Files.isDirectory(Path.of(PWM + "pwm0")), "channel exported");
      pwm.on(40, 25_000);
      requireEquals("40000", read(PWM + "pwm0/period"), "period ns");
      requireEquals("16000", read(PWM + "pwm0/duty_cycle"), "duty_cycle ns");
      requireEquals("normal", read(PWM + "pwm0/polarity"), "polarity");
      requireEquals("1", read(PWM + "pwm0/enable"), "enable");
      requireEquals(
          "0 period=40000 duty=16000 polarity=normal enabled=1",
          read(PWM_APPLIED).lines().findFirst().orElse(""),
          "what the driver applied");
      pwm.on(75, 1_000);
      requireEquals("1000000", read(PWM + "pwm0/period"), "period after a slower frequency");
      requireEquals("750000", read(PWM + "pwm0/duty_cycle"), "duty after a slower frequency");
      pwm.on(10, 50_000);
      requireEquals("20000", read(PWM + "pwm0/period"), "period after a faster frequency");
      requireEquals("2000", read(PWM + "pwm0/duty_cycle"), "duty after a faster frequency");
      pwm.off();
      requireEquals("0", read(PWM + "pwm0/enable"), "enable after off");
    }
    require(!Files.exists(Path.of(PWM + "pwm0")), "unexported on close");
  }

  private void pwmInverted() throws Exception {
    try (PwmOutput pwm = hw.openPwm(new PwmConfig("lw-led", 19, 0, 1, 1_000, 25, true))) {
      pwm.on(25, 1_000);
      requireEquals("inversed", read(PWM + "pwm1/polarity"), "polarity");
      requireEquals("250000", read(PWM + "pwm1/duty_cycle"), "duty_cycle ns");
      requireEquals("1", read(PWM + "pwm1/enable"), "enable");
    }
  }
}
