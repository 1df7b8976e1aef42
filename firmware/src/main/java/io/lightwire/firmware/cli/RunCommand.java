package io.lightwire.firmware.cli;

import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.Signals;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire run}: boots the firmware and serves until SIGTERM or Ctrl-C, then stops cleanly
 * and exits 0. A bad config or a busy port exits 2 or 1 with one line saying what to change.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Boot the firmware (the emulated board when no Pi is detected) and serve.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (key = value); defaults otherwise.")
  Path configFile;

  @Option(names = "--board", paramLabel = "ID", description = "Board id, or auto (default).")
  String board;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP/WebSocket port (8080).")
  String port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on.")
  String bind;

  @Option(
      names = "--root",
      hidden = true,
      paramLabel = "DIR",
      description = "File system root for board detection (tests).")
  Path root = Path.of("/");

  @Override
  public Integer call() {
    PrintStream out = System.out;
    FirmwareConfig config;
    try {
      config = Firmware.loadConfig(configFile).with(overrides(), "on the command line");
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("lightwire: " + e.getMessage());
      return 2;
    }
    // Signal handlers go in before boot, so a SIGTERM at any moment is a clean exit 0.
    AtomicReference<Firmware> running = new AtomicReference<>();
    AtomicBoolean stopRequested = new AtomicBoolean();
    Runnable stop =
        () -> {
          stopRequested.set(true);
          Firmware booted = running.get();
          if (booted != null) {
            booted.close();
          }
        };
    if (!Signals.onTermination(stop)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "lightwire-stop"));
    }
    Firmware firmware;
    try {
      firmware = Firmware.boot(config, out, root);
    } catch (BootException e) {
      spec.commandLine().getErr().println("lightwire: " + e.getMessage());
      return e.exitCode();
    }
    running.set(firmware);
    if (stopRequested.get()) {
      firmware.close(); // the signal came while booting
    }
    out.println("running; stop with Ctrl-C or SIGTERM");
    try {
      firmware.awaitStop();
    } catch (InterruptedException e) {
      firmware.close();
      Thread.currentThread().interrupt();
    }
    out.println("stopped cleanly");
    return 0;
  }

  private Map<String, String> overrides() {
    Map<String, String> map = new LinkedHashMap<>();
    if (board != null) {
      map.put(ConfigKey.BOARD.key(), board);
    }
    if (port != null) {
      map.put(ConfigKey.SERVER_PORT.key(), port);
    }
    if (bind != null) {
      map.put(ConfigKey.SERVER_BIND.key(), bind);
    }
    return map;
  }
}
