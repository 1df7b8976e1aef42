package io.lightwire.firmware;

import java.io.PrintStream;

/**
 * A runnable program that {@code ./lightwire example NAME} finds through {@link
 * java.util.ServiceLoader}. The examples module provides them, so the firmware never depends on it.
 */
public interface Example {

  /** The name on the command line, e.g. {@code "echo-client"}. */
  String name();

  /** One line saying what the example shows. */
  String summary();

  /**
   * Runs the example to completion.
   *
   * @param args the arguments after the example's name
   * @param out where the example prints what a person should see
   * @return the process exit status: 0 for success
   */
  int run(String[] args, PrintStream out) throws Exception;
}
