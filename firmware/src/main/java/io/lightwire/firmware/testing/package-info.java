/**
 * Hardware-in-the-loop tests with JUnit 5: {@link io.lightwire.firmware.testing.LightwireTest}
 * boots the firmware on the emulated board for each test and injects {@link
 * io.lightwire.firmware.testing.Lightwire} (the firmware, its board and its HTTP and WebSocket
 * endpoints on loopback).
 */
package io.lightwire.firmware.testing;
