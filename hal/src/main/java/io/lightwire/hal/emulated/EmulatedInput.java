package io.lightwire.hal.emulated;

import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.EdgeListener;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.internal.ConfiguredDevice;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An emulated {@link DigitalInput}: a raw level change is reported once it has been stable for the
 * debounce time on the board's clock; listeners run on the clock's thread.
 */
final class EmulatedInput extends ConfiguredDevice<DigitalInputConfig> implements DigitalInput {
  private final EmulatedPins pins;
  private final CopyOnWriteArrayList<EdgeListener> listeners = new CopyOnWriteArrayList<>();
  private boolean raw;
  private boolean reported;
  private long generation;

  EmulatedInput(EmulatedPins pins, DigitalInputConfig config) {
    super(
        pins.registry,
        EmulatedPins.gpio(config.bcm()),
        config.id(),
        "digital input '" + config.id() + "' (GPIO " + config.bcm() + ")",
        config);
    this.pins = pins;
    synchronized (pins.lock) {
      pins.pin(config.bcm()).input = this;
      pins.pin(config.bcm()).outputLevel = null;
      raw = pins.inputLevel(config.bcm());
      reported = raw ^ config.activeLow();
    }
  }

  @Override
  public boolean get() {
    synchronized (pins.lock) {
      ensureOpen();
      return raw ^ config.activeLow();
    }
  }

  @Override
  public Subscription onEdge(EdgeListener listener) {
    ensureOpen();
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The pin's raw level is now {@code level}. Caller holds the board lock. */
  void rawChanged(boolean level) {
    if (level == raw || !isOpen()) {
      return;
    }
    raw = level;
    long gen = ++generation;
    if (config.debounceMicros() == 0) {
      settle(gen);
    } else {
      pins.clock.schedule(
          pins.clock.nanos() + config.debounceMicros() * 1_000,
          () -> {
            synchronized (pins.lock) {
              settle(gen);
            }
          });
    }
  }

  /** Reports the level if it has been stable since change {@code gen}. */
  private void settle(long gen) {
    if (gen != generation || !isOpen()) {
      return;
    }
    boolean logical = raw ^ config.activeLow();
    if (logical == reported) {
      return;
    }
    reported = logical;
    long now = pins.clock.nanos();
    pins.timeline.record(now, config.id(), config.bcm(), Timeline.Kind.INPUT_EDGE, logical ? 1 : 0);
    for (EdgeListener l : listeners) {
      l.onEdge(logical, now);
    }
  }

  @Override
  protected void onClose() {
    synchronized (pins.lock) {
      listeners.clear();
      pins.pin(config.bcm()).input = null;
    }
  }
}
