package io.lightwire.firmware.config;

import java.nio.file.Path;

/**
 * Where a config value came from, lowest precedence first: the default, a config file, an
 * environment variable ({@code LIGHTWIRE_<KEY>}), the command line. {@code lightwire config
 * --print} shows it per key, and every error message names it.
 *
 * @param label what {@code config --print} shows, e.g. {@code env LIGHTWIRE_SERVER_PORT}
 * @param where how an error message places the value, e.g. {@code in lightwire.properties}
 */
public record ConfigSource(String label, String where) {

  /** The built-in default. */
  public static final ConfigSource DEFAULT = new ConfigSource("default", "by default");

  /** A value from the config file at {@code path}. */
  public static ConfigSource file(Path path) {
    return new ConfigSource("file " + path, "in " + path);
  }

  /** A value from environment variable {@code variable}. */
  public static ConfigSource environment(String variable) {
    return new ConfigSource("env " + variable, "from environment variable " + variable);
  }

  /** A value from command-line option {@code option}, e.g. {@code --port}. */
  public static ConfigSource option(String option) {
    return new ConfigSource("command line " + option, "from " + option + " on the command line");
  }

  /** A value set by a program (a test, a benchmark); {@code where} is used for both. */
  public static ConfigSource other(String where) {
    return new ConfigSource(where, where);
  }
}
