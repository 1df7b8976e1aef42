package io.lightwire.examples.support;

import io.lightwire.firmware.Example;
import java.io.PrintStream;
import java.util.function.Predicate;

/**
 * What every server example shares around its own work: it runs until SIGTERM or Ctrl-C (a {@link
 * Lifetime} on the hook it was made with: the firmware's signal handlers, or a test's), and a bad
 * command line ends with one line naming the option, the usage line and exit status 2.
 */
public abstract class SignalledExample implements Example {

  /** The exit status for a bad command line. */
  public static final int BAD_ARGUMENTS = 2;

  private final Predicate<Runnable> onTermination;

  /**
   * @param onTermination installs its argument as the SIGTERM/SIGINT action and returns true, or
   *     returns false to fall back to a shutdown hook (see {@link Lifetime#Lifetime(Predicate)})
   */
  protected SignalledExample(Predicate<Runnable> onTermination) {
    this.onTermination = onTermination;
  }

  /** A lifetime for one run: it ends when a termination signal comes. */
  protected final Lifetime lifetime() {
    return new Lifetime(onTermination);
  }

  /**
   * Prints {@code NAME: message} and {@code usage} to {@code to}.
   *
   * @return {@value #BAD_ARGUMENTS}, the exit status
   */
  protected final int badArguments(PrintStream to, IllegalArgumentException e, String usage) {
    to.println(name() + ": " + e.getMessage());
    to.println(usage);
    return BAD_ARGUMENTS;
  }
}
