package io.lightwire.firmware.cli;

import io.lightwire.firmware.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lightwire}: the firmware's command line. Each subcommand is a class of its own.
 *
 * <p>Subcommands are registered in code, not in the annotation: {@code lightwire run} (a board's
 * every boot) registers only itself, so picocli never builds the models of the other commands and
 * their classes (flashing, bundling, SSH) are never loaded at boot (docs/decisions.md, "Boot"). A
 * {@code run} with plain options does not reach picocli at all: {@link RunArguments} reads them
 * (docs/decisions.md, "Boot and memory"); help, version and every malformed use go to picocli.
 */
@Command(
    name = "lightwire",
    mixinStandardHelpOptions = true,
    versionProvider = LightwireCli.VersionProvider.class,
    description = "Firmware-style Java runtime for Raspberry Pi boards.")
public final class LightwireCli implements Runnable {

  /**
   * The subcommand a board runs at every boot; it alone is registered when it is the first word.
   */
  static final String RUN = "run";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final java.util.Map<String, String> environment;

  private LightwireCli(java.util.Map<String, String> environment) {
    this.environment = environment;
  }

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI in-process and returns the exit status. */
  public static int execute(String... args) {
    RunArguments run = RunArguments.parse(args);
    if (run != null) {
      // The writer picocli would give the command: System.err in its charset, flushed per line.
      return run(
          run,
          System.getenv(),
          new java.io.PrintWriter(
              new java.io.OutputStreamWriter(System.err, System.err.charset()), true));
    }
    return commandLine(System.getenv(), args).execute(args);
  }

  /** Runs the CLI in-process with its own output and error writers (tests use this). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return execute(out, err, System.getenv(), args);
  }

  /**
   * Runs the CLI in-process with its own writers and {@code environment} in place of the process's
   * (the {@code LIGHTWIRE_<KEY>} config overrides; tests use this).
   */
  public static int execute(
      java.io.PrintWriter out,
      java.io.PrintWriter err,
      java.util.Map<String, String> environment,
      String... args) {
    RunArguments run = RunArguments.parse(args);
    if (run != null) {
      return run(run, environment, err);
    }
    return commandLine(environment, args).setOut(out).setErr(err).execute(args);
  }

  /**
   * {@code run} without picocli; a failure that escapes the command is reported and exits 1, as
   * picocli's {@code execute} does.
   */
  private static int run(
      RunArguments arguments, java.util.Map<String, String> environment, java.io.PrintWriter err) {
    try {
      return arguments.command().run(environment, err);
    } catch (RuntimeException e) {
      e.printStackTrace(err);
      return 1;
    } finally {
      err.flush();
    }
  }

  /** The environment the config overrides are read from: the process's, or a test's. */
  java.util.Map<String, String> environment() {
    return environment;
  }

  private static CommandLine commandLine(java.util.Map<String, String> environment, String[] args) {
    CommandLine cli = new CommandLine(new LightwireCli(environment));
    cli.addSubcommand(new RunCommand());
    if (args.length > 0 && args[0].equals(RUN)) {
      return cli;
    }
    cli.addSubcommand(new ConfigCommand());
    cli.addSubcommand(new BoardsCommand());
    cli.addSubcommand(new ExampleCommand());
    cli.addSubcommand(new BenchCommand());
    cli.addSubcommand(new BundleCommand());
    cli.addSubcommand(new FlashCommand());
    cli.addSubcommand(new KeysCommand());
    cli.addSubcommand(new TokenCommand());
    cli.addSubcommand(new NewCommand());
    cli.addSubcommand(new VersionCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    // Everything after `example NAME` or `bench NAME` belongs to that program, --options included.
    cli.getSubcommands().get("example").setStopAtPositional(true);
    cli.getSubcommands().get("bench").setStopAtPositional(true);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Supplies {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lightwire " + Version.current()};
    }
  }
}
