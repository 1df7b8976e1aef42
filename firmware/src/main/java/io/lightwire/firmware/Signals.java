package io.lightwire.firmware;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs handlers for SIGTERM and SIGINT so that a stop by signal is a clean exit with status 0
 * (a JVM killed by a signal with only shutdown hooks exits 143 or 130). It uses {@code
 * sun.misc.Signal} from {@code jdk.unsupported}, called directly: the handler is a lambda, which
 * the AOT cache holds; a reflective proxy cannot be cached, so the JVM would generate it at every
 * boot (docs/decisions.md, "Resident memory: no class generated at boot"). The module is compiled
 * with {@code -XDignore.symbol.file} for it (firmware/pom.xml), javac's one switch for its
 * otherwise mandatory "internal proprietary API" warning.
 *
 * <p>Shared by {@code lightwire run} and by examples that serve until stopped (e.g. {@code
 * echo-server}), so every long-running command stops the same way.
 */
public final class Signals {

  private Signals() {}

  /**
   * Runs {@code action} on SIGTERM and SIGINT instead of the JVM's default exit. The action runs on
   * the JVM's signal thread and must return promptly.
   *
   * @return true when the handlers are installed; false when the JVM keeps those signals for itself
   *     ({@code -Xrs}) or the platform has no such signal (the caller then falls back to a shutdown
   *     hook)
   */
  public static boolean onTermination(Runnable action) {
    SignalHandler handler = signal -> action.run();
    try {
      Signal.handle(new Signal("TERM"), handler);
      Signal.handle(new Signal("INT"), handler);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
