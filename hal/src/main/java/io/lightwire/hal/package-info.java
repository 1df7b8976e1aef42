/**
 * The hardware interfaces Lightwire runs on: digital inputs and outputs, PWM, I2C, SPI, camera and
 * network, opened through {@link io.lightwire.hal.Hardware}. Implementations are the Pi4J one for
 * real boards ({@code io.lightwire.hal.pi4j}) and the emulated board ({@code
 * io.lightwire.hal.emulated}).
 */
package io.lightwire.hal;
