package io.lightwire.examples.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of an example: {@code --name value}, {@code --name=value} and bare flags, each
 * checked against the options the example knows. Errors are {@link IllegalArgumentException}s whose
 * message names the option and the value, ready to print as one line.
 */
public final class ExampleArgs {

  private final Map<String, List<String>> values;

  private ExampleArgs(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Parses {@code args}.
   *
   * @param valueOptions options that take a value, e.g. {@code --port}; they may be repeated
   * @param flags options that take none, e.g. {@code --allow-self-signed}
   * @throws IllegalArgumentException for an unknown option, a missing value, a flag given a value
   */
  public static ExampleArgs parse(String[] args, Set<String> valueOptions, Set<String> flags) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String key = equals > 0 ? arg.substring(0, equals) : arg;
      String value = equals > 0 ? arg.substring(equals + 1) : null;
      if (flags.contains(key)) {
        if (value != null) {
          throw new IllegalArgumentException(key + " takes no value, was given '" + value + "'");
        }
        value = "true";
      } else if (valueOptions.contains(key)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(key + " needs a value");
          }
          value = args[++i];
        }
      } else {
        throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return new ExampleArgs(values);
  }

  /** True when the flag or option was given. */
  public boolean has(String option) {
    return values.containsKey(option);
  }

  /** The option's last value, or {@code fallback} when it was not given. */
  public String value(String option, String fallback) {
    List<String> all = values.get(option);
    return all == null ? fallback : all.getLast();
  }

  /** Every value of a repeatable option, in order; empty when it was not given. */
  public List<String> values(String option) {
    return List.copyOf(values.getOrDefault(option, List.of()));
  }

  /**
   * The option's value as a whole number in {@code [min, max]}, or {@code fallback}.
   *
   * @throws IllegalArgumentException naming the option, the value and the range
   */
  public long number(String option, long fallback, long min, long max) {
    String text = value(option, null);
    if (text == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      parsed = Long.MIN_VALUE;
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException(
          option + " must be a whole number in [" + min + ", " + max + "], was '" + text + "'");
    }
    return parsed;
  }
}
