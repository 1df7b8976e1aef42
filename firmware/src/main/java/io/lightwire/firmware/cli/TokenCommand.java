package io.lightwire.firmware.cli;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.AccessToken;
import io.lightwire.firmware.internal.StateDirectory;
import io.lightwire.firmware.internal.TlsSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire token}: where the access token is; with {@code --new}, replaces it (a running
 * firmware on the same state directory locks every connection unlocked with the old one at its next
 * change) and prints the new one with the page link. Run it as the service's user (on a board:
 * {@code sudo}), so it writes the service's state directory.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Show where the access token is kept, or make a new one with --new.")
final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (key = value), for state.dir, server.port and TLS.")
  Path configFile;

  @Option(
      names = "--new",
      description = "Replace the token; connections holding the old one lose control.")
  boolean rotate;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FirmwareConfig config;
    try {
      config = Firmware.loadConfig(configFile);
    } catch (ConfigException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    Path stateDir = StateDirectory.of(config);
    Path file = stateDir.resolve(AccessToken.FILE);
    if (!rotate) {
      out.println(
          Files.isRegularFile(file)
              ? "access token: stored in " + file + " (a new one: lightwire token --new)"
              : "no access token yet in " + stateDir + "; the first boot makes one");
      return 0;
    }
    String token;
    try {
      token = AccessToken.rotate(stateDir);
    } catch (IOException e) {
      err.println(
          "lightwire: config key 'state.dir': cannot write a new token in "
              + stateDir
              + ": "
              + e.getMessage()
              + " (run as the service's user, e.g. with sudo)");
      return 1;
    }
    String scheme = TlsSetup.wanted(config) ? "https" : "http";
    out.printf(
        "new access token (stored in %s): %s%n"
            + "control pins from the page: %s://localhost:%s/#token=%s%n"
            + "a running firmware locks connections unlocked with the old token at their next"
            + " change%n",
        file, token, scheme, config.text(ConfigKey.SERVER_PORT), token);
    return 0;
  }
}
