package io.lightwire.hal.emulated;

import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.internal.ConfiguredDevice;

/**
 * An emulated {@link PwmOutput}: frequency and duty changes are on the timeline; the pin reads high
 * while the duty is above zero.
 */
final class EmulatedPwm extends ConfiguredDevice<PwmConfig> implements PwmOutput {
  private final EmulatedPins pins;
  private boolean on;
  private double duty;
  private long frequency;

  EmulatedPwm(EmulatedPins pins, PwmConfig config) {
    super(
        pins.registry,
        EmulatedPins.gpio(config.bcm()),
        config.id(),
        "PWM '" + config.id() + "' (GPIO " + config.bcm() + ", channel " + config.channel() + ")",
        config);
    this.pins = pins;
    this.duty = config.dutyPercent();
    this.frequency = config.frequencyHz();
  }

  @Override
  public void on(double dutyPercent, long frequencyHz) {
    config.withOutput(frequencyHz, dutyPercent); // checked before anything changes
    synchronized (pins.lock) {
      ensureOpen();
      long now = pins.clock.nanos();
      if (!on || frequencyHz != frequency) {
        record(now, Timeline.Kind.PWM_FREQUENCY, frequencyHz);
      }
      if (!on || dutyPercent != duty) {
        record(now, Timeline.Kind.PWM_DUTY, dutyPercent);
      }
      on = true;
      duty = dutyPercent;
      frequency = frequencyHz;
      pins.pin(config.bcm()).outputLevel = dutyPercent > 0;
    }
  }

  @Override
  public void off() {
    synchronized (pins.lock) {
      ensureOpen();
      stop();
    }
  }

  private void stop() {
    if (on) {
      on = false;
      record(pins.clock.nanos(), Timeline.Kind.PWM_DUTY, 0);
    }
    pins.pin(config.bcm()).outputLevel = false;
  }

  private void record(long now, Timeline.Kind kind, double value) {
    pins.timeline.record(now, config.id(), config.bcm(), kind, value);
  }

  @Override
  public boolean isOn() {
    synchronized (pins.lock) {
      return on;
    }
  }

  @Override
  public double dutyPercent() {
    synchronized (pins.lock) {
      return duty;
    }
  }

  @Override
  public long frequencyHz() {
    synchronized (pins.lock) {
      return frequency;
    }
  }

  @Override
  protected void onClose() {
    synchronized (pins.lock) {
      stop();
    }
  }
}
