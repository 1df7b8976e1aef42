package io.lightwire.firmware;

import java.util.Locale;

/** Where an {@link Application} is in its life cycle, as {@code /status} shows it. */
public enum AppState {
  /** The firmware runs no application. */
  NONE,
  /** Booted; {@link Application#start} has not returned yet. */
  STARTING,
  /** {@link Application#start} returned normally. */
  RUNNING,
  /** {@link Application#start} or {@link Application#stop} threw; the firmware keeps serving. */
  FAILED,
  /** {@link Application#stop} returned (or shutdown came before start). */
  STOPPED;

  /** The state as written in {@code /status}: {@code running}, {@code failed}... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
