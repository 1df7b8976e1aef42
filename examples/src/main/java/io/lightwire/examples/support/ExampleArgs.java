package io.lightwire.examples.support;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line of an example, parsed by picocli (as {@code lightwire}'s own commands are)
 * against its {@link ExampleUsage}: {@code --name value}, {@code --name=value}, bare flags and
 * {@code -h}/{@code --help}. Errors are {@link IllegalArgumentException}s whose message names the
 * option and the value, ready to print as one line.
 */
public final class ExampleArgs {

  private final Map<String, List<String>> values;
  private final boolean helpRequested;

  private ExampleArgs(Map<String, List<String>> values, boolean helpRequested) {
    this.values = values;
    this.helpRequested = helpRequested;
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value, a flag given a value
   */
  public static ExampleArgs parse(String[] args, ExampleUsage usage) {
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals > 0) {
        String name = arg.substring(0, equals);
        for (ExampleUsage.Option option : usage.options()) {
          if (option.flag() && option.name().equals(name)) {
            throw new IllegalArgumentException(
                name + " takes no value, was given '" + arg.substring(equals + 1) + "'");
          }
        }
      }
    }
    CommandLine commandLine = new CommandLine(usage.spec());
    commandLine.setOverwrittenOptionsAllowed(true);
    ParseResult result;
    try {
      result = commandLine.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      throw new IllegalArgumentException("unknown option '" + e.getUnmatched().getFirst() + "'");
    } catch (CommandLine.MissingParameterException e) {
      ArgSpec missing = e.getMissing().getFirst();
      String name =
          missing instanceof OptionSpec option ? option.longestName() : missing.paramLabel();
      throw new IllegalArgumentException(name + " needs a value");
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    Map<String, List<String>> values = new TreeMap<>();
    for (OptionSpec option : result.matchedOptions()) {
      if (option.usageHelp()) {
        continue;
      }
      List<String> given = option.arity().max() == 0 ? List.of("true") : option.getValue();
      values.put(option.longestName(), List.copyOf(given));
    }
    return new ExampleArgs(values, commandLine.isUsageHelpRequested());
  }

  /** True when {@code -h} or {@code --help} was given: print the usage and exit 0. */
  public boolean helpRequested() {
    return helpRequested;
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
    return values.getOrDefault(option, List.of());
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
