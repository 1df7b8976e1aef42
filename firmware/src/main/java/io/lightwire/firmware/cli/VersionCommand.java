package io.lightwire.firmware.cli;

import io.lightwire.firmware.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lightwire version}: prints the version and the Java runtime it runs on. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the Lightwire version and the Java runtime.")
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine()
        .getOut()
        .printf(
            "lightwire %s (Java %s, %s %s)%n",
            Version.current(),
            Runtime.version(),
            System.getProperty("os.name"),
            System.getProperty("os.arch"));
  }
}
