package io.lightwire.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.Pull;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.VirtualClock;
import io.lightwire.hal.linux.FakeLinuxNative;
import io.lightwire.hal.linux.GpioV2;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lightwire's own Pi4J providers (GPIO character device v2 over FFM) driven through Pi4J 4 and our
 * interfaces, against an in-memory kernel behind the native boundary.
 */
class LinuxProvidersTest {

  private final FakeLinuxNative kernel =
      new FakeLinuxNative().chip("gpiochip0", "rp1-other", 8).chip("gpiochip4", "pinctrl-rp1", 54);
  private final EmulatedHardware net = new EmulatedHardware(new VirtualClock());
  private final Pi4jHardware hw =
      Pi4jHardware.openLinux(
          kernel,
          "pinctrl-rp1",
          net.network(),
          c -> {
            throw new UnsupportedOperationException("no camera");
          });

  @AfterEach
  void close() {
    hw.close();
    net.close();
  }

  @Test
  void anOutputRequestsItsLineOnTheChipWithTheRightLabelWithTheInitialValue() {
    DigitalOutput led =
        hw.openDigitalOutput(new DigitalOutputConfig("led", 17, false, true, false));
    FakeLinuxNative.Line line = kernel.line(17);
    assertEquals("pinctrl-rp1", line.chip, "chosen by label, not number");
    assertEquals("led", line.consumer);
    assertEquals(GpioV2.FLAG_OUTPUT, line.flags);
    assertTrue(line.value, "initial value set in the request itself");
    led.low();
    led.high();
    assertEquals(
        List.of(true, false, true),
        line.written.subList(line.written.size() - 3, line.written.size()));
    assertTrue(line.value);
  }

  @Test
  void closingAnOutputWritesItsShutdownLevelAndReleasesTheLine() {
    DigitalOutput relay =
        hw.openDigitalOutput(new DigitalOutputConfig("relay", 5, true, true, false));
    FakeLinuxNative.Line line = kernel.line(5);
    assertFalse(line.value, "active-low: logical high is raw low");
    relay.close();
    assertTrue(line.value, "shutdown logical low on active-low is raw high");
    assertTrue(line.released);
  }

  @Test
  void anInputCarriesBiasEdgesAndDebounceAndReportsKernelEdges() throws Exception {
    DigitalInput button =
        hw.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
    FakeLinuxNative.Line line = kernel.line(22);
    assertEquals(
        GpioV2.FLAG_INPUT
            | GpioV2.FLAG_EDGE_RISING
            | GpioV2.FLAG_EDGE_FALLING
            | GpioV2.FLAG_BIAS_PULL_UP,
        line.flags);
    assertEquals(5_000, line.debounceMicros);
    LinkedBlockingQueue<Boolean> edges = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Long> times = new LinkedBlockingQueue<>();
    button.onEdge(
        (pressed, t) -> {
          times.add(t);
          edges.add(pressed);
        });
    kernel.edge(22, false, 1_000);
    assertEquals(Boolean.TRUE, edges.poll(2, TimeUnit.SECONDS), "falling raw = pressed");
    assertEquals(1_000L, times.poll(), "the kernel's timestamp reaches the listener");
    assertTrue(button.get());
    kernel.edge(22, true, 2_000);
    assertEquals(Boolean.FALSE, edges.poll(2, TimeUnit.SECONDS));
    assertFalse(button.get());
    button.close();
    assertTrue(line.released);
  }

  @Test
  void oneEventThreadServesEveryInput() throws Exception {
    LinkedBlockingQueue<String> edges = new LinkedBlockingQueue<>();
    for (int bcm : new int[] {5, 6, 13}) {
      DigitalInput in =
          hw.openDigitalInput(new DigitalInputConfig("in" + bcm, bcm, Pull.DOWN, false, 0));
      in.onEdge((high, t) -> edges.add(bcm + "=" + high + "@" + t));
    }
    kernel.edge(13, true, 10);
    kernel.edge(5, true, 20);
    kernel.edge(13, false, 30);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      String e = edges.poll(2, TimeUnit.SECONDS);
      assertTrue(e != null, "edge " + i + " missing; got " + seen);
      seen.add(e);
    }
    assertEquals(java.util.Set.of("13=true@10", "5=true@20", "13=false@30"), seen);
    long threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("lightwire-gpio-events"))
            .count();
    assertEquals(1, threads);
  }

  @Test
  void aLineHeldByAnotherProcessIsReportedBusy() {
    kernel.busy("pinctrl-rp1", 4);
    DeviceIoException e =
        assertThrows(
            DeviceIoException.class, () -> hw.openDigitalOutput(DigitalOutputConfig.of("x", 4)));
    assertEquals(DeviceIoException.Reason.BUSY, e.reason());
    assertTrue(e.getMessage().contains("GPIO 4 on pinctrl-rp1"), e.getMessage());
    hw.openDigitalOutput(DigitalOutputConfig.of("y", 6));
    kernel.busy("pinctrl-rp1", -1); // the other process let go
    hw.openDigitalOutput(DigitalOutputConfig.of("x", 4)); // the failure left nothing behind
  }

  @Test
  void aMissingChipLabelListsTheChipsFound() {
    try (Pi4jHardware other =
        Pi4jHardware.openLinux(
            kernel,
            "pinctrl-bcm2711",
            net.network(),
            c -> {
              throw new UnsupportedOperationException();
            })) {
      DeviceIoException e =
          assertThrows(
              DeviceIoException.class,
              () -> other.openDigitalOutput(DigitalOutputConfig.of("led", 17)));
      assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
      assertTrue(
          e.getMessage()
              .contains(
                  "no GPIO chip labelled 'pinctrl-bcm2711'; found: [gpiochip0 (rp1-other),"
                      + " gpiochip4 (pinctrl-rp1)]"),
          e.getMessage());
    }
  }

  @Test
  void i2cRegisterReadsAreOneTransactionWithARepeatedStart() {
    byte[] regs = kernel.i2cDevice(1, 0x76);
    regs[0xd0] = 0x60;
    I2cDevice dev = hw.openI2c(new I2cConfig("bme280", 1, 0x76));
    byte[] b = new byte[1];
    dev.readRegister(0xd0, b, 0, 1);
    assertEquals(0x60, b[0]);
    dev.writeRegister(0xf4, new byte[] {0x27}, 0, 1);
    assertEquals(0x27, regs[0xf4]);
    assertEquals(List.of("W76[d0] R76(1)", "W76[f4 27]"), kernel.i2cLog);
  }

  @Test
  void anI2cNackIsReportedAsNack() {
    kernel.i2cDevice(1, 0x76);
    I2cDevice dev = hw.openI2c(new I2cConfig("ghost", 1, 0x40));
    DeviceIoException e = assertThrows(DeviceIoException.class, () -> dev.read(new byte[1], 0, 1));
    assertEquals(DeviceIoException.Reason.NACK, e.reason());
    assertTrue(e.getMessage().contains("EREMOTEIO"), e.getMessage());
  }

  @Test
  void spiSetsModeBitsSpeedAndTransfersFullDuplex() {
    kernel.spidev(0, 1);
    SpiDevice dev = hw.openSpi(new SpiConfig("adc", 0, 1, 3, 2_000_000));
    byte[] rx = new byte[2];
    dev.transfer(new byte[] {0x0f, 0x00}, 0, rx, 0, 2);
    assertEquals((byte) 0xf0, rx[0]);
    assertEquals((byte) 0xff, rx[1]);
    assertEquals(
        List.of("mode=3", "bits=8", "speed=2000000", "transfer len=2 speed=2000000 bits=8"),
        kernel.spiLog);
  }

  @Test
  void spiWordSizeReachesTheKernelAndLengthMustBeWholeWords() {
    kernel.spidev(0, 0);
    SpiDevice dev = hw.openSpi(new SpiConfig("dac", 0, 0, 1, 1_000_000, 16));
    dev.transfer(new byte[4], 0, new byte[4], 0, 4);
    assertEquals(
        List.of("mode=1", "bits=16", "speed=1000000", "transfer len=4 speed=1000000 bits=16"),
        kernel.spiLog);
    assertThrows(
        IllegalArgumentException.class, () -> dev.transfer(new byte[3], 0, new byte[3], 0, 3));
  }

  @Test
  void anInvertedPwmSetsPolarityBeforeEnabling() {
    kernel.pwmChip(0);
    PwmOutput pwm = hw.openPwm(new PwmConfig("led", 18, 0, 0, 1_000, 25, true));
    pwm.on(25, 1_000);
    assertEquals(
        List.of(
            "pwmchip0/export=0",
            "pwmchip0/pwm0/period=1000000",
            "pwmchip0/pwm0/duty_cycle=250000",
            "pwmchip0/pwm0/polarity=inversed",
            "pwmchip0/pwm0/enable=1"),
        kernel.sysfsLog);
  }

  @Test
  void aMissingI2cBusNamesTheConfigTxtLineThatEnablesIt() {
    DeviceIoException e =
        assertThrows(DeviceIoException.class, () -> hw.openI2c(new I2cConfig("x", 1, 0x50)));
    assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("/dev/i2c-1"), e.getMessage());
    assertTrue(e.getMessage().contains("dtparam=i2c_arm=on"), e.getMessage());
  }

  @Test
  void aMissingPwmChipNamesTheOverlayThatCreatesIt() {
    DeviceIoException e =
        assertThrows(
            DeviceIoException.class, () -> hw.openPwm(new PwmConfig("fan", 18, 0, 0, 25_000, 40)));
    assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("dtoverlay=pwm-2chan"), e.getMessage());
  }

  @Test
  void aMissingSpidevIsNotFound() {
    DeviceIoException e =
        assertThrows(
            DeviceIoException.class, () -> hw.openSpi(new SpiConfig("x", 0, 0, 0, 1_000_000)));
    assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("/dev/spidev0.0"), e.getMessage());
    assertTrue(e.getMessage().contains("dtparam=spi=on"), e.getMessage());
    assertTrue(e.getMessage().contains("raspi-config nonint do_spi 0"), e.getMessage());
  }

  @Test
  void pwmExportsSetsPeriodAndDutyInNanosecondsAndUnexportsOnClose() {
    kernel.pwmChip(0);
    PwmOutput fan = hw.openPwm(new PwmConfig("fan", 18, 0, 2, 25_000, 40));
    assertFalse(fan.isOn());
    fan.on(50, 1_000);
    assertTrue(fan.isOn());
    fan.close();
    assertEquals(
        List.of(
            "pwmchip0/export=2",
            "pwmchip0/pwm2/period=1000000",
            "pwmchip0/pwm2/duty_cycle=500000",
            "pwmchip0/pwm2/polarity=normal",
            "pwmchip0/pwm2/enable=1",
            "pwmchip0/pwm2/enable=0",
            "pwmchip0/unexport=2"),
        kernel.sysfsLog);
  }

  @Test
  void closingTheHardwareReleasesEveryFd() {
    hw.openDigitalOutput(DigitalOutputConfig.of("a", 17));
    hw.openDigitalInput(DigitalInputConfig.of("b", 27));
    kernel.i2cDevice(1, 0x50);
    hw.openI2c(new I2cConfig("eeprom", 1, 0x50));
    kernel.spidev(0, 0);
    hw.openSpi(new SpiConfig("adc", 0, 0, 0, 1_000_000));
    hw.close();
    assertEquals(0, kernel.openFds);
  }
}
