package io.lightwire.examples.device;

import io.lightwire.examples.support.ExampleArgs;
import io.lightwire.examples.support.ExampleUsage;
import io.lightwire.examples.support.ServerOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a device example: {@code --port} (0 picks a free port), {@code --bind} (loopback
 * by default: serving the LAN is an explicit {@code --bind 0.0.0.0}), {@code --board} ({@code
 * auto}: a detected Raspberry Pi, else the emulated board) and the example's own integer options,
 * each with a default and an allowed range. The command line is parsed by picocli ({@link
 * ExampleArgs}); every error names the option and the value.
 */
public final class DeviceOptions {

  /**
   * An integer option: its default and allowed range (inclusive), and its help.
   *
   * @param name e.g. {@code --fps}
   * @param defaultValue the value when the option is not given
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param label the value's label in the help, e.g. {@code N}
   * @param description what it sets and its default, for {@code --help}
   */
  public record IntOption(
      String name, int defaultValue, int min, int max, String label, String description) {

    /** This option as {@code --help} lists it, with its range. */
    public ExampleUsage.Option usage() {
      return ExampleUsage.Option.value(name, label, description + " (" + min + " to " + max + ")");
    }
  }

  /**
   * The options {@code --help} lists: {@code --port}, {@code --bind}, {@code --board}, then {@code
   * extra}.
   */
  public static List<ExampleUsage.Option> usage(IntOption... extra) {
    List<ExampleUsage.Option> options = new ArrayList<>();
    options.add(ExampleUsage.Option.value("--port", "P", "TCP port (default: 0, a free one)."));
    options.add(ServerOptions.BIND_OPTION);
    options.add(
        ExampleUsage.Option.value(
            "--board",
            "auto|emulated",
            "auto: a detected Raspberry Pi, else the emulated board (default: auto)."));
    for (IntOption o : extra) {
      options.add(o.usage());
    }
    return options;
  }

  private final Map<String, IntOption> known = new LinkedHashMap<>();
  private final Map<String, String> values = new HashMap<>();

  private DeviceOptions(IntOption... extra) {
    known.put("--port", new IntOption("--port", 0, 0, 65_535, "P", "TCP port"));
    for (IntOption o : extra) {
      known.put(o.name(), o);
    }
  }

  /**
   * Reads and checks the options from a command line parsed with an {@link ExampleUsage} that lists
   * {@link #usage} of the same {@code extra} options.
   *
   * @throws IllegalArgumentException naming the option and the value when it is not allowed
   */
  public static DeviceOptions from(ExampleArgs args, IntOption... extra) {
    DeviceOptions options = new DeviceOptions(extra);
    for (String name : options.known.keySet()) {
      if (args.has(name)) {
        options.values.put(name, args.value(name, null));
      }
    }
    for (String name : List.of("--bind", "--board")) {
      if (args.has(name)) {
        options.values.put(name, args.value(name, null));
      }
    }
    for (IntOption o : options.known.values()) {
      options.integer(o.name()); // validates now, so a bad value stops the example before it serves
    }
    try {
      InetAddress.ofLiteral(options.bind()); // a name would be looked up, maybe somewhere else
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "option --bind: '" + options.bind() + "' is not an IP address (e.g. 0.0.0.0)");
    }
    String board = options.board();
    if (!board.equals("auto") && !board.equals("emulated")) {
      throw new IllegalArgumentException(
          "option --board: '" + board + "' is not one of auto, emulated");
    }
    return options;
  }

  /** The value of integer option {@code name}, or its default. */
  public int integer(String name) {
    IntOption o = known.get(name);
    if (o == null) {
      throw new IllegalArgumentException("no integer option " + name);
    }
    String text = values.get(name);
    if (text == null) {
      return o.defaultValue();
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + name + ": '" + text + "' is not a number");
    }
    if (value < o.min() || value > o.max()) {
      throw new IllegalArgumentException(
          "option " + name + ": " + value + " is not in [" + o.min() + ", " + o.max() + "]");
    }
    return value;
  }

  /** The TCP port; 0 picks a free one. */
  public int port() {
    return integer("--port");
  }

  /** The listen address; {@code 127.0.0.1} unless {@code --bind} says otherwise. */
  public String bind() {
    return values.getOrDefault("--bind", ServerOptions.DEFAULT_BIND);
  }

  /** {@code auto} (detect a Pi, else emulated) or {@code emulated}. */
  public String board() {
    return values.getOrDefault("--board", "auto");
  }

  /** The synopsis of the common options, for an example's usage line. */
  public static final String SYNOPSIS = "[--port P] [--bind ADDRESS] [--board auto|emulated]";
}
