package io.lightwire.firmware.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The options of {@code lightwire run} read without picocli, for the board's every boot: picocli's
 * jar is Java 5 bytecode, which the AOT cache cannot hold, and building its model from the
 * annotations (reflection, annotation proxies) took about a third of the time from exec to the
 * first {@code /status} answer (docs/decisions.md, "Boot and memory"). Only plain, well-formed uses
 * are read here ({@code --name value} or {@code --name=value}, each option at most once); anything
 * else ({@code --help}, {@code --version}, an unknown or repeated option, a missing value, an
 * {@code @file}, a positional argument) is left to picocli, so help and every error message stay
 * picocli's. {@code RunArgumentsTest} checks that both read the same options the same way.
 *
 * @param configFile {@code --config FILE}, or null
 * @param board {@code --board ID}, or null
 * @param port {@code --port PORT}, or null
 * @param bind {@code --bind ADDRESS}, or null
 * @param tls {@code --tls}
 * @param app {@code --app DIR|JAR}, or null
 * @param root {@code --root DIR} (hidden; tests), {@code /} when absent
 * @param aotTraining {@code --aot-training} (hidden; the AOT cache's training run)
 */
record RunArguments(
    Path configFile,
    String board,
    String port,
    String bind,
    boolean tls,
    Path app,
    Path root,
    boolean aotTraining) {

  /** The options that take a value, as picocli declares them on {@code run}. */
  static final Set<String> VALUED =
      Set.of("--config", "--board", "--port", "--bind", "--app", "--root");

  /** The options without a value. */
  static final Set<String> FLAGS = Set.of("--tls", "--aot-training");

  /**
   * Reads {@code args} ({@code run} first).
   *
   * @return the options, or null when {@code args} is not {@code run} with plain, well-formed
   *     options only (picocli then parses them and reports what is wrong)
   */
  static RunArguments parse(String[] args) {
    if (args.length == 0 || !args[0].equals(LightwireCli.RUN)) {
      return null;
    }
    Path configFile = null;
    String board = null;
    String port = null;
    String bind = null;
    boolean tls = false;
    Path app = null;
    Path root = Path.of("/");
    boolean aotTraining = false;
    Set<String> seen = new HashSet<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        if (!seen.add(name)) {
          return null; // repeated (picocli refuses it)
        }
        if (FLAGS.contains(name)) {
          if (eq >= 0) {
            return null; // --tls=false and the like: picocli's rules
          }
          if (name.equals("--tls")) {
            tls = true;
          } else {
            aotTraining = true;
          }
          continue;
        }
        if (!VALUED.contains(name)) {
          return null; // --help, --version, unknown options, positional arguments, @files
        }
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return null; // missing value
        }
        if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
          return null; // picocli decides whether that is a value or an option
        }
        switch (name) {
          case "--config" -> configFile = Path.of(value);
          case "--board" -> board = value;
          case "--port" -> port = value;
          case "--bind" -> bind = value;
          case "--app" -> app = Path.of(value);
          default -> root = Path.of(value); // --root
        }
      }
    } catch (InvalidPathException e) {
      return null; // picocli names the option and the value
    }
    return new RunArguments(configFile, board, port, bind, tls, app, root, aotTraining);
  }

  /** A {@code run} command with these options, as picocli would have filled it. */
  RunCommand command() {
    RunCommand command = new RunCommand();
    command.options = new ConfigOptions();
    command.options.configFile = configFile;
    command.options.board = board;
    command.options.port = port;
    command.options.bind = bind;
    command.options.tls = tls;
    command.app = app;
    command.root = root;
    command.aotTraining = aotTraining;
    return command;
  }
}
