/**
 * The hardware abstraction layer: GPIO, PWM, I2C, SPI, camera and network behind small interfaces,
 * with a Pi4J-backed implementation for real boards and an emulated board for tests.
 *
 * <p>Only this module makes native calls (FFM, in the Linux providers): launch with {@code
 * --enable-native-access=io.lightwire.hal}.
 */
module io.lightwire.hal {
  requires org.slf4j;
  requires transitive com.pi4j;

  exports io.lightwire.hal;
  exports io.lightwire.hal.emulated;
  exports io.lightwire.hal.pi4j;
  exports io.lightwire.hal.unix;
}
