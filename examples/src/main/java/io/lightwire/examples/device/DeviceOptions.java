package io.lightwire.examples.device;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of a device example: {@code --port} (0 picks a free port), {@code --bind} (loopback
 * by default: serving the LAN is an explicit {@code --bind 0.0.0.0}), {@code --board} ({@code
 * auto}: a detected Raspberry Pi, else the emulated board) and the example's own integer options,
 * each with a default and an allowed range. Every error names the option and the value.
 */
public final class DeviceOptions {

  /** An integer option: its default and allowed range (inclusive). */
  public record IntOption(String name, int defaultValue, int min, int max) {}

  private final Map<String, IntOption> known = new LinkedHashMap<>();
  private final Map<String, String> values = new HashMap<>();

  private DeviceOptions(IntOption... extra) {
    known.put("--port", new IntOption("--port", 0, 0, 65_535));
    for (IntOption o : extra) {
      known.put(o.name(), o);
    }
  }

  /**
   * Parses {@code args} as {@code --name value} pairs.
   *
   * @throws IllegalArgumentException naming the option and the value when an option is unknown,
   *     lacks its value, or its value is not allowed
   */
  public static DeviceOptions parse(String[] args, IntOption... extra) {
    DeviceOptions options = new DeviceOptions(extra);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!options.known.containsKey(name) && !name.equals("--bind") && !name.equals("--board")) {
        throw new IllegalArgumentException("unknown option '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      options.values.put(name, args[++i]);
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
    return values.getOrDefault("--bind", "127.0.0.1");
  }

  /** {@code auto} (detect a Pi, else emulated) or {@code emulated}. */
  public String board() {
    return values.getOrDefault("--board", "auto");
  }

  /** The usage text of the common options, for an example's usage line. */
  public static String usage() {
    return "[--port P] [--bind ADDRESS] [--board auto|emulated]";
  }
}
