package io.lightwire.firmware;

import java.io.PrintStream;

/**
 * A benchmark that {@code ./lightwire bench NAME} finds through {@link java.util.ServiceLoader}.
 * Benchmarks live with the examples (compiled apart, with their peer libraries on a class path of
 * their own), so neither the firmware nor a board bundle ever depends on them.
 */
public interface Bench {

  /** The name on the command line, e.g. {@code "echo"}. */
  String name();

  /** One line saying what the benchmark measures. */
  String summary();

  /**
   * Runs the benchmark to completion.
   *
   * @param args the arguments after the benchmark's name
   * @param out where the results are printed
   * @return the process exit status: 0 for success, 2 for bad arguments
   */
  int run(String[] args, PrintStream out) throws Exception;
}
