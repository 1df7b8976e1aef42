package io.lightwire.bench.common;

import java.util.ArrayList;
import java.util.List;

/** Option values of the benchmarks' command lines, checked: each bad value names its option. */
public final class Args {

  private Args() {}

  /**
   * Parses a whole number of {@code option} in {@code [min, max]}.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public static int number(String option, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          option + " must be in [" + min + ", " + max + "], was " + n);
    }
    return n;
  }

  /** Parses a comma-separated list of numbers of {@code option}, each in {@code [min, max]}. */
  public static List<Integer> numbers(String option, String value, int min, int max) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(number(option, part.trim(), min, max));
    }
    return List.copyOf(list);
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
