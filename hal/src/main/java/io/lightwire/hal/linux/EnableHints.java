package io.lightwire.hal.linux;

/**
 * What to change on a Raspberry Pi when a bus device is missing or closed to the user: the {@code
 * config.txt} line (or {@code raspi-config} command) that makes the kernel create it. Raspberry Pi
 * OS ships with I2C, SPI and hardware PWM off, so this is the first error a new user meets.
 */
final class EnableHints {

  private static final String CONFIG_TXT =
      "/boot/firmware/config.txt (/boot/config.txt before Bookworm)";

  private EnableHints() {}

  /** For a missing {@code /dev/i2c-<bus>}. */
  static String i2c(int bus) {
    return switch (bus) {
      case 1 ->
          "enable I2C: add dtparam=i2c_arm=on to "
              + CONFIG_TXT
              + " (or run: sudo raspi-config nonint do_i2c 0) and reboot";
      case 0 ->
          "I2C bus 0 is the HAT EEPROM bus: add dtparam=i2c_vc=on to " + CONFIG_TXT + " and reboot";
      default ->
          "add dtoverlay=i2c"
              + bus
              + " to "
              + CONFIG_TXT
              + " (pins: /boot/firmware/overlays/README) and reboot";
    };
  }

  /** For a missing {@code /dev/spidev<bus>.<cs>}. */
  static String spi(int bus, int chipSelect) {
    if (bus == 0) {
      return "enable SPI: add dtparam=spi=on to "
          + CONFIG_TXT
          + " (or run: sudo raspi-config nonint do_spi 0) and reboot";
    }
    return "add dtoverlay=spi"
        + bus
        + "-"
        + (chipSelect + 1)
        + "cs to "
        + CONFIG_TXT
        + " (chip selects 0.."
        + chipSelect
        + "; pins: /boot/firmware/overlays/README) and reboot";
  }

  /** For a missing {@code /sys/class/pwm/pwmchip<chip>}. */
  static String pwm(int chip) {
    return "enable hardware PWM: add dtoverlay=pwm-2chan to "
        + CONFIG_TXT
        + " (GPIO 18 and 19; dtoverlay=pwm for GPIO 18 only) and reboot; pwmchip"
        + chip
        + " is then in /sys/class/pwm";
  }

  /** For {@code EACCES} on a device node. */
  static String permission() {
    return "the user may not open it: add it to the device groups (sudo usermod -aG gpio,i2c,spi"
        + " $USER, then log in again) or run as root";
  }
}
