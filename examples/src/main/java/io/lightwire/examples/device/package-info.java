/**
 * What the device examples ({@code camera-stream}, {@code gpio-remote}) share: their command-line
 * options, opening the board (a detected Raspberry Pi, else the emulated board) and the same-origin
 * check on their WebSocket upgrades.
 */
package io.lightwire.examples.device;
