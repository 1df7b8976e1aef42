package io.lightwire.hal;

/** Argument checks shared by the configs; each message names the key and the bad value. */
final class Checks {

  /** GPIO numbers above this do not exist on any supported SoC. */
  static final int MAX_GPIO = 63;

  private Checks() {}

  static String id(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    return id;
  }

  static int gpio(String id, int bcm) {
    if (bcm < 0 || bcm > MAX_GPIO) {
      throw new IllegalArgumentException(
          id + ": bcm " + bcm + " is not a GPIO number (0.." + MAX_GPIO + ")");
    }
    return bcm;
  }

  static long range(String id, String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          id + ": " + key + " " + value + " is out of range " + min + ".." + max);
    }
    return value;
  }

  static double range(String id, String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          id + ": " + key + " " + value + " is out of range " + min + ".." + max);
    }
    return value;
  }
}
