/**
 * The emulated board: every HAL interface in memory, for tests and demos on any PC. Virtual wiring
 * between pins, scripted inputs, a recorded timeline of outputs, a synthetic camera whose frames
 * carry their sequence number and capture time, a virtual or real-time clock, and fault injection.
 */
package io.lightwire.hal.emulated;
