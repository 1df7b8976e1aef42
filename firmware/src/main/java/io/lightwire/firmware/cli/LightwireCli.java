package io.lightwire.firmware.cli;

import io.lightwire.firmware.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lightwire}: the firmware's command line. Each subcommand is a class of its own. */
@Command(
    name = "lightwire",
    mixinStandardHelpOptions = true,
    versionProvider = LightwireCli.VersionProvider.class,
    description = "Firmware-style Java runtime for Raspberry Pi boards.",
    subcommands = {
      RunCommand.class,
      ConfigCommand.class,
      BoardsCommand.class,
      ExampleCommand.class,
      BenchCommand.class,
      BundleCommand.class,
      FlashCommand.class,
      KeysCommand.class,
      TokenCommand.class,
      NewCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LightwireCli implements Runnable {

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
    return commandLine().execute(args);
  }

  /** Runs the CLI in-process with its own output and error writers (tests use this). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
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
    return commandLine(environment).setOut(out).setErr(err).execute(args);
  }

  /** The environment the config overrides are read from: the process's, or a test's. */
  java.util.Map<String, String> environment() {
    return environment;
  }

  private static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  private static CommandLine commandLine(java.util.Map<String, String> environment) {
    CommandLine cli = new CommandLine(new LightwireCli(environment));
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
