package io.lightwire.examples.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole-number option values in the wording of {@code echo-server} and the benchmarks: {@code
 * --port must be a number, was 'http'} and {@code --max-frame must be in [125, 65535], was 70000}.
 * (The other server examples read their numbers through {@link ExampleArgs#number}, which words
 * them its own way; scripts may match either, so both stay as they are.)
 */
public final class OptionNumbers {

  private OptionNumbers() {}

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
}
