package io.lightwire.hal.emulated;

import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.internal.ConfiguredDevice;

/** An emulated {@link DigitalOutput}: each level change is on the timeline and on its wires. */
final class EmulatedOutput extends ConfiguredDevice<DigitalOutputConfig> implements DigitalOutput {
  private final EmulatedPins pins;
  private boolean logical;

  EmulatedOutput(EmulatedPins pins, DigitalOutputConfig config) {
    super(
        pins.registry,
        EmulatedPins.gpio(config.bcm()),
        config.id(),
        "digital output '" + config.id() + "' (GPIO " + config.bcm() + ")",
        config);
    this.pins = pins;
    synchronized (pins.lock) {
      drive(config.initial(), true);
    }
  }

  @Override
  public void set(boolean high) {
    synchronized (pins.lock) {
      ensureOpen();
      drive(high, false);
    }
  }

  @Override
  public boolean get() {
    synchronized (pins.lock) {
      ensureOpen();
      return logical;
    }
  }

  private void drive(boolean high, boolean force) {
    logical = high;
    boolean raw = high ^ config.activeLow();
    EmulatedPins.Pin p = pins.pin(config.bcm());
    if (force || p.outputLevel == null || p.outputLevel != raw) {
      p.outputLevel = raw;
      pins.timeline.record(
          pins.clock.nanos(), config.id(), config.bcm(), Timeline.Kind.OUTPUT, raw ? 1 : 0);
      pins.outputChanged(config.bcm());
    }
  }

  @Override
  protected void onClose() {
    synchronized (pins.lock) {
      drive(config.shutdown(), false);
    }
  }
}
