package io.lightwire.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoardHardwareTest {

  private final EmulatedHardware emulated = new EmulatedHardware(new VirtualClock());
  private final BoardHardware hw = BoardHardware.wrap(Boards.PI5, emulated);

  @AfterEach
  void close() {
    hw.close();
  }

  @Test
  void openingTheEmulatedBoardGivesWorkingHardware() {
    try (BoardHardware board = BoardHardware.open(Boards.EMULATED)) {
      assertEquals("emulated", board.kind());
      DigitalOutput led = board.openDigitalOutput(DigitalOutputConfig.of("led", 17));
      led.high();
      assertTrue(((EmulatedHardware) board.delegate()).level(17));
    }
  }

  @Test
  void aRealBoardOpensThroughPi4jAndNamesTheMissingGpioChip() {
    // This machine is not a Pi: opening works (the chip is found lazily), the first GPIO fails
    // with the chip label and what was found, and a bad pin still fails before that.
    try (BoardHardware pi5 = BoardHardware.open(Boards.PI5)) {
      assertEquals("pi4j", pi5.kind());
      assertThrows(
          IllegalArgumentException.class,
          () -> pi5.openDigitalOutput(DigitalOutputConfig.of("x", 40)));
      io.lightwire.hal.DeviceIoException e =
          assertThrows(
              io.lightwire.hal.DeviceIoException.class,
              () -> pi5.openDigitalOutput(DigitalOutputConfig.of("led", 17)));
      assertTrue(e.getMessage().contains("no GPIO chip labelled 'pinctrl-rp1'"), e.getMessage());
      assertEquals(0, pi5.claims().claims().size(), "the failed open left no claim");
    }
  }

  @Test
  void aPinUsedTwiceFailsBeforeTheHardwareIsTouched() {
    hw.openDigitalOutput(DigitalOutputConfig.of("led", 17));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hw.openDigitalInput(DigitalInputConfig.of("button", 17)));
    assertTrue(
        e.getMessage().contains("pin 11 (GPIO17) is already claimed by 'led'"), e.getMessage());
  }

  @Test
  void closingADeviceFreesItsPin() {
    DigitalOutput led = hw.openDigitalOutput(DigitalOutputConfig.of("led", 17));
    led.close();
    hw.openDigitalInput(DigitalInputConfig.of("button", 17)).close();
  }

  @Test
  void aGpioOffTheHeaderIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hw.openDigitalOutput(DigitalOutputConfig.of("x", 40)));
    assertTrue(e.getMessage().contains("GPIO 40 is not on the pi5 header"), e.getMessage());
  }

  @Test
  void pwmUsesTheBoardsChannelForThePin() {
    PwmConfig cfg = BoardHardware.pwmConfig(Boards.PI5, "fan", 18, 25_000, 50);
    assertEquals(2, cfg.channel());
    PwmOutput fan = hw.openPwm(cfg);
    fan.on();
    assertTrue(fan.isOn());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hw.openPwm(new PwmConfig("bad", 13, 0, 0, 1000, 10)));
    assertTrue(e.getMessage().contains("GPIO 13 is PWM0_CH1 on pi5"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BoardHardware.pwmConfig(Boards.PI5, "x", 17, 1, 1));
    assertTrue(e.getMessage().contains("GPIO 17 has no hardware PWM on pi5"), e.getMessage());
  }

  @Test
  void i2cClaimsSdaAndSclSoTheyCannotBeUsedAsGpio() {
    emulated.attachI2c(1, 0x76, new io.lightwire.hal.emulated.RegisterPeripheral());
    hw.openI2c(new I2cConfig("bme280", 1, 0x76));
    hw.openI2c(new I2cConfig("other", 1, 0x77)); // same bus shares the pins
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hw.openDigitalOutput(DigitalOutputConfig.of("led", 2)));
    assertTrue(
        e.getMessage().contains("pin 3 (GPIO2) is already claimed by 'I2C1' as I2C1_SDA"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> hw.openI2c(new I2cConfig("z", 3, 0x10)));
    assertTrue(e.getMessage().contains("I2C buses: [0, 1]"), e.getMessage());
  }

  @Test
  void spiDevicesShareTheBusPinsButNotTheirChipSelect() {
    hw.openSpi(new SpiConfig("adc", 0, 0, 0, 1_000_000));
    hw.openSpi(new SpiConfig("dac", 0, 1, 0, 1_000_000));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> hw.openDigitalOutput(DigitalOutputConfig.of("cs", 8)));
    assertTrue(e.getMessage().contains("claimed by 'adc' as SPI0_CE0"), e.getMessage());
  }

  @Test
  void aFailedOpenLeavesNoClaimBehind() {
    emulated.openDigitalOutput(DigitalOutputConfig.of("direct", 22)); // held below the claims
    assertThrows(
        IllegalStateException.class, () -> hw.openDigitalOutput(DigitalOutputConfig.of("led", 22)));
    assertEquals(0, hw.claims().claims().size());
  }
}
