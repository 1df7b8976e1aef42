/**
 * Board descriptors as data: each supported Raspberry Pi's 40-pin header map (physical pin, BCM
 * GPIO, alternate functions), PWM channels, buses, camera ports and the device-tree model strings
 * that detect it ({@link io.lightwire.boards.Boards}), and the pin claims that refuse a pin used
 * for a function it lacks or claimed twice.
 */
package io.lightwire.boards;
