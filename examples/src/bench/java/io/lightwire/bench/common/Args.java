package io.lightwire.bench.common;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The benchmarks' command lines: {@code --key value} and {@code --key=value} pairs, in order. Their
 * numbers are read with {@link io.lightwire.examples.support.OptionNumbers}, as echo-server's.
 */
public final class Args {

  private Args() {}

  /**
   * A benchmark's command line read: its options, or, when there are none to run with, the exit
   * code after the usage was printed ({@code --help}: 0; an error, named first: 2).
   *
   * @param options the parsed options, or null
   * @param exit the exit code when {@code options} is null
   */
  public record Parsed<T>(T options, int exit) {}

  /**
   * Reads {@code args} of {@code bench NAME} with {@code parser}: {@code --help} or {@code -h}
   * prints {@code usage}; a parser's {@link IllegalArgumentException} prints its message and the
   * usage. Every benchmark's one way to answer its command line.
   */
  public static <T> Parsed<T> parse(
      String bench, String usage, String[] args, Function<String[], T> parser, PrintStream out) {
    if (wantsHelp(args)) {
      out.println(usage);
      return new Parsed<>(null, 0);
    }
    try {
      return new Parsed<>(parser.apply(args), 0);
    } catch (IllegalArgumentException e) {
      out.println("bench " + bench + ": " + e.getMessage());
      out.println(usage);
      return new Parsed<>(null, 2);
    }
  }

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
