package io.lightwire.firmware.cli;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.ConfigSource;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that make the firmware's config, shared by {@code run} and {@code config --print} so
 * both see the same effective config: the defaults, {@code --config FILE}, the {@code
 * LIGHTWIRE_<KEY>} environment variables, then {@code --board}, {@code --port} and {@code --bind}.
 */
final class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (key = value); defaults otherwise.")
  Path configFile;

  @Option(
      names = "--board",
      paramLabel = "ID",
      description = "Board id (any case, e.g. pi5), or auto (default).")
  String board;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP/WebSocket port (8080).")
  String port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "IP address to listen on (0.0.0.0; localhost is 127.0.0.1).")
  String bind;

  @Option(
      names = "--tls",
      description =
          "Serve https:// and wss:// (server.tls=true): with server.tls.cert and server.tls.key,"
              + " else a self-signed certificate made at first boot in state.dir.")
  boolean tls;

  /**
   * The effective config; warnings about {@code LIGHTWIRE_} variables that look like a mistyped key
   * go to {@code err}.
   *
   * @throws ConfigException naming the key, where the bad value came from, and the value
   */
  FirmwareConfig effective(Map<String, String> environment, PrintWriter err)
      throws ConfigException {
    for (String warning : FirmwareConfig.strayEnvironment(environment)) {
      err.println("lightwire: warning: " + warning);
    }
    return Firmware.loadConfig(configFile).withEnvironment(environment).with(options());
  }

  private List<FirmwareConfig.Setting> options() {
    List<FirmwareConfig.Setting> settings = new ArrayList<>();
    add(settings, ConfigKey.BOARD, board, "--board");
    add(settings, ConfigKey.SERVER_PORT, port, "--port");
    add(settings, ConfigKey.SERVER_BIND, bind, "--bind");
    add(settings, ConfigKey.SERVER_TLS, tls ? "true" : null, "--tls");
    return settings;
  }

  private static void add(
      List<FirmwareConfig.Setting> settings, ConfigKey key, String value, String option) {
    if (value != null) {
      settings.add(new FirmwareConfig.Setting(key.key(), value, ConfigSource.option(option)));
    }
  }
}
