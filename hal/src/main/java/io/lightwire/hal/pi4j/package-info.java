/**
 * The real board: {@link io.lightwire.hal.pi4j.Pi4jHardware} implements the HAL on Pi4J, with
 * Lightwire's own FFM providers over the Linux GPIO character device, i2c-dev, spidev and sysfs
 * PWM, and {@code rpicam-vid} for CSI cameras.
 */
package io.lightwire.hal.pi4j;
