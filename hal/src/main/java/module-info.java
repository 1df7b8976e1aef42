/**
 * The hardware abstraction layer: GPIO, PWM, I2C, SPI, camera and network behind small interfaces,
 * with a Pi4J-backed implementation for real boards and an emulated board for tests.
 */
module io.lightwire.hal {
  requires org.slf4j;

  exports io.lightwire.hal;
  exports io.lightwire.hal.emulated;
}
