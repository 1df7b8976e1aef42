package io.lightwire.hal.emulated;

import io.lightwire.hal.DeviceIoException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The I2C and SPI side of the emulated board: the peripherals attached to each bus address or chip
 * select, and the injected faults. {@link EmulatedI2c} and {@link EmulatedSpi} act through it.
 *
 * <p>Threads: every method expects the caller to hold {@link #lock} (the board's monitor).
 */
final class EmulatedBuses {

  /** The board's monitor, held around every transfer. */
  final Object lock;

  private final Map<Integer, I2cPeripheral> i2c = new HashMap<>();
  private final Set<Integer> i2cNack = new HashSet<>();
  private final Map<Integer, SpiPeripheral> spi = new HashMap<>();
  private final Set<Integer> spiFailing = new HashSet<>();

  EmulatedBuses(Object lock) {
    this.lock = lock;
  }

  void attachI2c(int bus, int address, I2cPeripheral peripheral) {
    i2c.put(key(bus, address), Objects.requireNonNull(peripheral));
  }

  void attachSpi(int bus, int chipSelect, SpiPeripheral peripheral) {
    spi.put(key(bus, chipSelect), Objects.requireNonNull(peripheral));
  }

  void nackI2c(int bus, int address, boolean nack) {
    toggle(i2cNack, key(bus, address), nack);
  }

  void failSpi(int bus, int chipSelect, boolean fail) {
    toggle(spiFailing, key(bus, chipSelect), fail);
  }

  /**
   * The peripheral that acknowledges {@code address} on {@code bus}.
   *
   * @throws DeviceIoException ({@code NACK}) when none is attached or it is told not to acknowledge
   */
  I2cPeripheral i2c(int bus, int address, String description) {
    int key = key(bus, address);
    I2cPeripheral p = i2c.get(key);
    if (p == null || i2cNack.contains(key)) {
      throw new DeviceIoException(
          DeviceIoException.Reason.NACK,
          description + ": no acknowledge from address " + String.format("0x%02x", address));
    }
    return p;
  }

  /**
   * The peripheral on {@code bus}.{@code chipSelect}, or null when nothing is attached (a loopback
   * wire: what is sent comes back).
   *
   * @throws DeviceIoException ({@code BUS_ERROR}) when transfers there are told to fail
   */
  SpiPeripheral spi(int bus, int chipSelect, String description) {
    int key = key(bus, chipSelect);
    if (spiFailing.contains(key)) {
      throw new DeviceIoException(
          DeviceIoException.Reason.BUS_ERROR, description + ": transfer failed (EIO)");
    }
    return spi.get(key);
  }

  private static int key(int bus, int addressOrChipSelect) {
    return bus << 8 | addressOrChipSelect;
  }

  private static void toggle(Set<Integer> set, int key, boolean member) {
    if (member) {
      set.add(key);
    } else {
      set.remove(key);
    }
  }
}
