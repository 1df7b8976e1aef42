package io.lightwire.firmware.cli;

import io.lightwire.firmware.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lightwire}: the firmware's command line. Each subcommand is a class of its own.
 *
 * <p>Subcommands are registered in code, not in the annotation: {@code lightwire run} (a board's
 * every boot) registers only itself, so picocli never builds the models of the other commands and
 * their classes (flashing, bundling, SSH) are never loaded at boot (docs/decisions.md, "Boot").
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
    return commandLine(System.getenv(), args).execute(args);
  }

  /** Runs the CLI in-process with its own output and error writers (tests use this). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return commandLine(System.getenv(), args).setOut(out).setErr(err).execute(args);
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
    return commandLine(environment, args).setOut(out).setErr(err).execute(args);
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
