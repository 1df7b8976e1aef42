package io.lightwire.firmware.cli;

import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire config --print}: the effective config {@code run} would boot with (same options,
 * same environment) and where each value came from. A bad value exits 2 with {@code run}'s message.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Show the effective config and where each value came from:",
      "default < file (--config) < environment (LIGHTWIRE_<KEY>) < command line."
    })
final class ConfigCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand LightwireCli cli;

  @Mixin ConfigOptions options;

  @Option(names = "--print", description = "Print every key, its effective value and its source.")
  boolean print;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!print) {
      err.println("lightwire: config needs an action: --print");
      spec.commandLine().usage(err);
      return 2;
    }
    FirmwareConfig config;
    try {
      config = options.effective(cli.environment(), err);
    } catch (ConfigException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    int keyWidth = "KEY".length();
    int valueWidth = "VALUE".length();
    for (ConfigKey key : ConfigKey.values()) {
      keyWidth = Math.max(keyWidth, key.key().length());
      valueWidth = Math.max(valueWidth, config.text(key).length());
    }
    String row = "%-" + keyWidth + "s  %-" + valueWidth + "s  %s%n";
    out.printf(row, "KEY", "VALUE", "FROM");
    for (ConfigKey key : ConfigKey.values()) {
      out.printf(row, key.key(), config.text(key), config.source(key).label());
    }
    out.flush();
    return 0;
  }
}
