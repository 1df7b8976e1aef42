package io.lightwire.hal.emulated;

import io.lightwire.hal.Pull;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * The GPIO side of the emulated board: each pin's state, the virtual wires between pins, and what
 * an input pin reads. The GPIO devices ({@link EmulatedOutput}, {@link EmulatedInput}, {@link
 * EmulatedPwm}) act through it.
 *
 * <p>Threads: every method expects the caller to hold {@link #lock} (the board's monitor).
 */
final class EmulatedPins {

  /** The state of one GPIO. */
  static final class Pin {
    Boolean outputLevel; // raw level last driven by an output (kept after it closes)
    Boolean driven; // raw level forced by the test
    EmulatedInput input;
  }

  /** The board's monitor, held around every state change. */
  final Object lock;

  final DeviceRegistry registry;
  final EmulatedClock clock;
  final Timeline timeline;
  private final Map<Integer, Pin> pins = new HashMap<>();
  private final Map<Integer, Integer> wiredFrom = new HashMap<>();

  EmulatedPins(Object lock, DeviceRegistry registry, EmulatedClock clock, Timeline timeline) {
    this.lock = lock;
    this.registry = registry;
    this.clock = clock;
    this.timeline = timeline;
  }

  /** The resource name of a GPIO, e.g. {@code GPIO 17}. */
  static String gpio(int bcm) {
    return "GPIO " + bcm;
  }

  /** See {@link EmulatedHardware#wire}. */
  void wire(int fromBcm, int toBcm) {
    Integer existing = wiredFrom.get(toBcm);
    if (existing != null && existing != fromBcm) {
      throw new IllegalStateException(
          "GPIO " + toBcm + " is already wired to GPIO " + existing + " (two drivers short)");
    }
    wiredFrom.put(toBcm, fromBcm);
    pinChanged(toBcm);
  }

  /** Forces ({@code high} non-null) or releases ({@code null}) the raw level of {@code bcm}. */
  void drive(int bcm, Boolean high) {
    pin(bcm).driven = high;
    pinChanged(bcm);
  }

  /** The raw level of pin {@code bcm} now, as a voltmeter would read it. */
  boolean level(int bcm) {
    Pin p = pins.get(bcm);
    if (p != null && p.driven == null && p.outputLevel != null) {
      return p.outputLevel;
    }
    return inputLevel(bcm);
  }

  Pin pin(int bcm) {
    return pins.computeIfAbsent(bcm, b -> new Pin());
  }

  /** The raw level an input on {@code bcm} reads: driven, else wired output, else its pull. */
  boolean inputLevel(int bcm) {
    Pin p = pins.get(bcm);
    if (p != null && p.driven != null) {
      return p.driven;
    }
    Integer from = wiredFrom.get(bcm);
    if (from != null) {
      Pin source = pins.get(from);
      if (source != null && source.outputLevel != null) {
        return source.outputLevel;
      }
    }
    if (p != null && p.input != null) {
      return p.input.config().pull() == Pull.UP;
    }
    return false;
  }

  /** An output changed level: propagate along the wires. */
  void outputChanged(int bcm) {
    for (Map.Entry<Integer, Integer> w : wiredFrom.entrySet()) {
      if (w.getValue() == bcm) {
        pinChanged(w.getKey());
      }
    }
  }

  /** Something that determines {@code bcm}'s input level changed. */
  private void pinChanged(int bcm) {
    Pin p = pins.get(bcm);
    if (p != null && p.input != null) {
      p.input.rawChanged(inputLevel(bcm));
    }
  }
}
