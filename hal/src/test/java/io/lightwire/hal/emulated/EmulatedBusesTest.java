package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmulatedBusesTest {

  private final VirtualClock clock = new VirtualClock();
  private final EmulatedHardware board = new EmulatedHardware(clock);

  @AfterEach
  void close() {
    board.close();
  }

  @Test
  void i2cRegisterReadsAndWritesReachThePeripheral() {
    RegisterPeripheral sensor = new RegisterPeripheral();
    sensor.set(0xd0, 0x60); // BME280 chip id
    board.attachI2c(1, 0x76, sensor);
    I2cDevice dev = board.openI2c(new I2cConfig("bme280", 1, 0x76));
    byte[] b = new byte[1];
    dev.readRegister(0xd0, b, 0, 1);
    assertEquals(0x60, b[0] & 0xff);
    dev.writeRegister(0xf4, new byte[] {0x27, 0x11}, 0, 2);
    assertEquals(0x27, sensor.get(0xf4));
    assertEquals(0x11, sensor.get(0xf5));
  }

  @Test
  void anEmptyAddressDoesNotAcknowledge() {
    I2cDevice dev = board.openI2c(new I2cConfig("ghost", 1, 0x40));
    DeviceIoException e = assertThrows(DeviceIoException.class, () -> dev.read(new byte[1], 0, 1));
    assertEquals(DeviceIoException.Reason.NACK, e.reason());
    assertTrue(e.getMessage().contains("0x40") && e.getMessage().contains("ghost"), e.getMessage());
  }

  @Test
  void theNackFaultComesAndGoes() {
    board.attachI2c(1, 0x50, new RegisterPeripheral());
    I2cDevice dev = board.openI2c(new I2cConfig("eeprom", 1, 0x50));
    board.nackI2c(1, 0x50, true);
    assertThrows(DeviceIoException.class, () -> dev.write(new byte[] {0}, 0, 1));
    board.nackI2c(1, 0x50, false);
    dev.write(new byte[] {0}, 0, 1);
  }

  @Test
  void i2cAddressesOutsideSevenBitsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new I2cConfig("x", 1, 0x78));
    assertTrue(e.getMessage().contains("0x78"), e.getMessage());
  }

  @Test
  void spiWithoutAPeripheralLoopsBack() {
    SpiDevice dev = board.openSpi(new SpiConfig("adc", 0, 0, 0, 1_000_000));
    byte[] rx = new byte[3];
    dev.transfer(new byte[] {1, 2, 3}, 0, rx, 0, 3);
    assertArrayEquals(new byte[] {1, 2, 3}, rx);
  }

  @Test
  void spiPeripheralAnswersAndTheErrorFaultFails() {
    board.attachSpi(
        0,
        1,
        (tx, to, rx, ro, len) -> {
          for (int i = 0; i < len; i++) {
            rx[ro + i] = (byte) ~tx[to + i];
          }
        });
    SpiDevice dev = board.openSpi(new SpiConfig("dac", 0, 1, 0, 1_000_000));
    byte[] rx = new byte[1];
    dev.transfer(new byte[] {0x0f}, 0, rx, 0, 1);
    assertEquals((byte) 0xf0, rx[0]);
    board.failSpi(0, 1, true);
    DeviceIoException e =
        assertThrows(DeviceIoException.class, () -> dev.transfer(new byte[1], 0, rx, 0, 1));
    assertEquals(DeviceIoException.Reason.BUS_ERROR, e.reason());
  }

  @Test
  void pwmChangesAreOnTheTimelineAndCloseStopsIt() {
    PwmOutput fan = board.openPwm(new PwmConfig("fan", 18, 0, 0, 25_000, 40));
    assertFalse(fan.isOn());
    fan.on();
    clock.advance(java.time.Duration.ofMillis(3));
    fan.on(75, 25_000);
    fan.close();
    List<String> t =
        board.timeline().entries("fan").stream().map(Timeline.Entry::toString).toList();
    assertEquals(
        List.of(
            "0.000ms fan GPIO18 PWM_FREQUENCY=25000",
            "0.000ms fan GPIO18 PWM_DUTY=40",
            "3.000ms fan GPIO18 PWM_DUTY=75",
            "3.000ms fan GPIO18 PWM_DUTY=0"),
        t);
    assertFalse(board.level(18));
  }

  @Test
  void pwmRejectsADutyAbove100() {
    PwmOutput pwm = board.openPwm(new PwmConfig("p", 12, 0, 0, 1000, 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pwm.on(120, 1000));
    assertTrue(e.getMessage().contains("dutyPercent"), e.getMessage());
  }
}
