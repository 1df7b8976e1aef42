package io.lightwire.hal.emulated;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the emulated board's outputs did, and every debounced edge its inputs reported, in
 * order with timestamps: what a logic analyser on the header would show. Thread-safe.
 */
public final class Timeline {

  /** What an entry records. */
  public enum Kind {
    /** A digital output's raw pin level changed (value 0 or 1). */
    OUTPUT,
    /** A digital input reported a debounced logical edge (value 0 or 1). */
    INPUT_EDGE,
    /** A PWM output's duty cycle changed (value in percent; 0 when stopped). */
    PWM_DUTY,
    /** A PWM output's frequency changed (value in Hz). */
    PWM_FREQUENCY
  }

  /**
   * One recorded change.
   *
   * @param timeNanos when, on the board's clock
   * @param device the device id
   * @param bcm the GPIO number
   * @param kind what changed
   * @param value the new value
   */
  public record Entry(long timeNanos, String device, int bcm, Kind kind, double value) {
    @Override
    public String toString() {
      return String.format(
          "%.3fms %s GPIO%d %s=%s",
          timeNanos / 1e6,
          device,
          bcm,
          kind,
          value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** An empty timeline. */
  public Timeline() {}

  synchronized void record(long timeNanos, String device, int bcm, Kind kind, double value) {
    entries.add(new Entry(timeNanos, device, bcm, kind, value));
  }

  /** A copy of every entry so far. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** A copy of the entries of one device. */
  public synchronized List<Entry> entries(String device) {
    return entries.stream().filter(e -> e.device().equals(device)).toList();
  }

  /** A copy of the entries of one kind. */
  public synchronized List<Entry> entries(Kind kind) {
    return entries.stream().filter(e -> e.kind() == kind).toList();
  }

  /** Forgets every entry. */
  public synchronized void clear() {
    entries.clear();
  }
}
