/**
 * What the device examples ({@code camera-stream}, {@code gpio-remote}) share: their command-line
 * options, opening the board (a detected Raspberry Pi, else the emulated board) and the run of an
 * example that serves pages from the application thread.
 */
package io.lightwire.examples.device;
