package io.lightwire.bench.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' command lines: {@code --key value} and {@code --key=value} pairs, in order. Their
 * numbers are read with {@link io.lightwire.examples.support.OptionNumbers}, as echo-server's.
 */
public final class Args {

  private Args() {}

  /** True when {@code -h} or {@code --help} is among {@code args}: print the usage, exit 0. */
  public static boolean wantsHelp(String[] args) {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits {@code --key value} and {@code --key=value} arguments into pairs, in order.
   *
   * @throws IllegalArgumentException when the last option has no value
   */
  public static List<String[]> pairs(String[] args) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (eq > 0) {
        pairs.add(new String[] {arg.substring(0, eq), arg.substring(eq + 1)});
      } else if (i + 1 < args.length) {
        pairs.add(new String[] {arg, args[++i]});
      } else {
        throw new IllegalArgumentException(arg + " needs a value");
      }
    }
    return pairs;
  }
}
