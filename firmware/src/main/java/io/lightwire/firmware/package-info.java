/**
 * The Lightwire runtime: {@link io.lightwire.firmware.Firmware} boots from a configuration, prints
 * and allocates the {@link io.lightwire.firmware.MemoryPlan}, starts the services and runs the
 * {@link io.lightwire.firmware.ApplicationThread} (its event queue, timers and GPIO events), where
 * user code runs without locks. {@link io.lightwire.firmware.Example} and {@link
 * io.lightwire.firmware.Bench} are the services through which the CLI finds example programs and
 * benchmarks.
 */
package io.lightwire.firmware;
