package io.lightwire.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import io.lightwire.hal.DeviceClosedException;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our interfaces mapped onto Pi4J 4, checked with Pi4J's 3.0.3 mock providers registered explicitly
 * on core 4.0.2 (auto-detection of the mock plugin fails on 4.x).
 */
class Pi4jHardwareMockTest {

  private final Context context =
      Pi4J.newContextBuilder()
          .noAutoDetect()
          .add(new MockPlatform())
          .add(
              MockDigitalInputProvider.newInstance(),
              MockDigitalOutputProvider.newInstance(),
              MockPwmProvider.newInstance(),
              MockI2CProvider.newInstance(),
              new FakeSpiProvider())
          .build();
  private final EmulatedHardware networkSource = new EmulatedHardware(new VirtualClock());
  private final Pi4jHardware hw =
      new Pi4jHardware(
          context,
          networkSource.network(),
          c -> {
            throw new UnsupportedOperationException("no camera in this test");
          });

  @AfterEach
  void close() {
    hw.close();
    networkSource.close();
  }

  private com.pi4j.io.gpio.digital.DigitalOutput pi4jOutput(int bcm) {
    return context.io("gpio" + bcm, com.pi4j.io.gpio.digital.DigitalOutput.class);
  }

  @Test
  void anOutputWritesRawLevelsThroughPi4jAndAppliesItsShutdownState() {
    DigitalOutput led = hw.openDigitalOutput(new DigitalOutputConfig("led", 17, true, false, true));
    com.pi4j.io.gpio.digital.DigitalOutput io = pi4jOutput(17);
    assertEquals(DigitalState.HIGH, io.state(), "logical low on active-low is raw high");
    led.high();
    assertEquals(DigitalState.LOW, io.state());
    assertEquals("led", io.name());
    led.low();
    led.close();
    assertEquals(DigitalState.LOW, io.state(), "shutdown logical high on active-low is raw low");
    assertFalse(context.registry().exists("gpio17"), "closing removes the Pi4J I/O");
    assertThrows(DeviceClosedException.class, led::high);
  }

  @Test
  void anInputReadsAndReportsEdgesFromPi4jEvents() {
    DigitalInput button =
        hw.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
    MockDigitalInput mock = context.io("gpio22", MockDigitalInput.class);
    assertEquals(5_000L, mock.config().debounce());
    assertEquals(com.pi4j.io.gpio.digital.PullResistance.PULL_UP, mock.config().pull());
    mock.mockState(DigitalState.HIGH); // released, pulled up
    List<Boolean> edges = new ArrayList<>();
    button.onEdge((pressed, t) -> edges.add(pressed));
    mock.mockState(DigitalState.LOW); // pressed (active low)
    assertTrue(button.get());
    mock.mockState(DigitalState.HIGH);
    assertFalse(button.get());
    assertEquals(List.of(true, false), edges);
  }

  @Test
  void pwmMapsChipChannelFrequencyAndDuty() {
    PwmOutput fan = hw.openPwm(new PwmConfig("fan", 18, 0, 2, 25_000, 40));
    Pwm io = context.io("pwm0.2", Pwm.class);
    assertEquals(0, io.config().chip());
    assertEquals(2, io.config().channel());
    assertFalse(io.isOn());
    fan.on(75, 20_000);
    assertTrue(io.isOn());
    assertEquals(75, io.getDutyCycle());
    assertEquals(20_000, io.getFrequency());
    fan.close();
    assertFalse(context.registry().exists("pwm0.2"));
  }

  @Test
  void i2cAndSpiTransfersGoThroughPi4j() {
    I2cDevice dev = hw.openI2c(new I2cConfig("sensor", 1, 0x76));
    dev.writeRegister(0x10, new byte[] {1, 2, 3}, 0, 3);
    byte[] back = new byte[3];
    dev.readRegister(0x10, back, 0, 3);
    assertArrayEquals(new byte[] {1, 2, 3}, back);
    assertTrue(context.registry().exists("i2c1-76"));

    SpiDevice spi = hw.openSpi(new SpiConfig("adc", 0, 1, 0, 1_000_000));
    byte[] rx = new byte[2];
    spi.transfer(new byte[] {9, 8}, 0, rx, 0, 2);
    assertArrayEquals(new byte[] {~9, ~8}, rx);
    com.pi4j.io.spi.Spi io = context.io("spi0.1", com.pi4j.io.spi.Spi.class);
    assertEquals(1_000_000, io.config().baud());
    assertEquals(com.pi4j.io.spi.SpiMode.MODE_0, io.config().mode());
    assertEquals(1, io.config().channel());
  }

  @Test
  void aPinOpenTwiceIsRefusedAndClosingTheHardwareShutsEverythingDown() {
    hw.openDigitalOutput(DigitalOutputConfig.of("a", 5));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> hw.openDigitalInput(DigitalInputConfig.of("b", 5)));
    assertTrue(e.getMessage().contains("GPIO 5 is already open as 'a'"), e.getMessage());
    hw.close();
    assertTrue(context.isShutdown());
    assertFalse(hw.isOpen());
  }

  @Test
  void theCameraFactoryErrorReachesTheCaller() {
    assertThrows(
        UnsupportedOperationException.class,
        () -> hw.openCamera(io.lightwire.hal.CameraConfig.of("cam", 64, 48, 5, 50)));
  }
}
