package io.lightwire.firmware.cli;

import io.lightwire.firmware.Application;
import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.Signals;
import io.lightwire.firmware.app.AppException;
import io.lightwire.firmware.app.AppLoader;
import io.lightwire.firmware.config.AppConfig;
import io.lightwire.firmware.config.AppConfigKey;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.ConfigSource;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.LogSetup;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire run}: boots the firmware (with the user's application from {@code --app} or
 * {@code app.path}) and serves until SIGTERM or Ctrl-C, then stops cleanly and exits 0. A bad
 * config or application path exits 2, a boot failure (busy port) 1, each with one line saying what
 * to change. An application whose {@code start} throws does not stop the firmware: it keeps serving
 * with the failure in {@code /status} and the log, and exits 0 at SIGTERM (docs/decisions.md). The
 * config is the defaults, {@code --config FILE}, {@code LIGHTWIRE_<KEY>} environment variables and
 * the options, in that order ({@code lightwire config --print} shows the result).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Boot the firmware (the emulated board when no Pi is detected) and serve.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand LightwireCli cli;

  @Mixin ConfigOptions options;

  @Option(
      names = "--app",
      paramLabel = "DIR|JAR",
      description =
          "The application to run: its jar (with its dependencies in lib/ next to it), a folder"
              + " of jars, or its Maven project folder (target/). Overrides app.path.")
  Path app;

  @Option(
      names = "--root",
      hidden = true,
      paramLabel = "DIR",
      description = "File system root for board detection (tests).")
  Path root = Path.of("/");

  @Option(
      names = "--aot-training",
      hidden = true,
      description =
          "Boot, request the page and /status from this firmware over loopback, stop and exit 0:"
              + " the AOT cache's training run (the launchers use it).")
  boolean aotTraining;

  @Override
  public Integer call() {
    return run(cli.environment(), spec.commandLine().getErr());
  }

  /**
   * Boots and serves until stopped (what {@link #call} does through picocli; {@link RunArguments}
   * calls it without picocli).
   *
   * @param environment where the {@code LIGHTWIRE_<KEY>} config overrides are read
   * @param err where a bad config, application or boot is reported
   * @return the exit status
   */
  int run(Map<String, String> environment, PrintWriter err) {
    PrintStream out = System.out;
    FirmwareConfig config;
    try {
      config = options.effective(environment, err);
    } catch (ConfigException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    LogSetup.apply(config, System.getenv());
    Application application;
    try {
      application = loadApplication(config, out);
    } catch (AppException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    try {
      if (application != null) {
        // The application's own keys have LIGHTWIRE_APP_... variables too; only it knows them.
        config =
            config.withEnvironment(
                environment, application.configKeys().stream().map(AppConfigKey::key).toList());
      }
      // app.* keys before boot: an unknown or bad one is a config error (2), like firmware keys.
      AppConfig.of(
          config,
          application == null ? List.of() : application.configKeys(),
          application == null ? null : application.name());
    } catch (ConfigException e) {
      err.println("lightwire: " + e.getMessage());
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
      firmware = Firmware.boot(config, out, root, application);
    } catch (BootException e) {
      err.println("lightwire: " + e.getMessage());
      return e.exitCode();
    }
    running.set(firmware);
    if (stopRequested.get()) {
      firmware.close(); // the signal came while booting
    }
    if (aotTraining) {
      return TrainingRun.exercise(firmware, err);
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

  /**
   * The application {@code --app} names, else {@code app.path} (relative to the config file's
   * folder), else none.
   */
  private Application loadApplication(FirmwareConfig config, PrintStream out) throws AppException {
    Path path = app;
    if (path == null) {
      String configured = config.text(ConfigKey.APP_PATH);
      if (configured.equals(ConfigKey.APP_PATH.defaultText())) {
        return null;
      }
      // Relative to the config file's folder when the file set it, else to the working folder.
      boolean fromFile =
          options.configFile != null
              && config.source(ConfigKey.APP_PATH).equals(ConfigSource.file(options.configFile));
      Path base = fromFile ? options.configFile.toAbsolutePath().getParent() : Path.of("");
      path = base.resolve(configured).normalize();
    }
    AppLoader.Loaded loaded = AppLoader.load(path);
    out.printf(
        "application: module %s from %s (%d jars)%n", loaded.module(), path, loaded.jars().size());
    return loaded.application();
  }
}
