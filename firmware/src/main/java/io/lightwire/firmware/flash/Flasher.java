package io.lightwire.firmware.flash;

import io.lightwire.firmware.bundle.Bundle;
import io.lightwire.firmware.bundle.TarReader;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Puts a bundle on a board and makes sure it runs:
 *
 * <ol>
 *   <li>prepare: make {@code HOME/releases} and {@code HOME/incoming}, drop stale uploads, read
 *       which release is current;
 *   <li>upload the bundle to {@code incoming/RELEASE.tar.gz.part} with a progress bar, then rename
 *       it (an interrupted upload leaves only a {@code .part} file, which the next flash drops);
 *   <li>install on the board: check the archive's SHA-256, unpack into a hidden staging folder,
 *       check every file against {@code SHA256SUMS}, move it to {@code releases/RELEASE}, switch
 *       {@code current} with one rename, restart the service;
 *   <li>wait for {@code /status} to answer with the bundle's version within the health timeout;
 *   <li>when it does not: point {@code current} back at the release that ran before, restart, and
 *       check that it answers again.
 * </ol>
 *
 * Every step prints one or a few lines to {@code out}.
 */
public final class Flasher {

  /**
   * How to install and check.
   *
   * @param home the install folder on the board
   * @param serviceCommand how the board controls the service, e.g. {@code sudo -n systemctl}
   * @param health the status probe for a port (each release's config names its own port)
   * @param healthTimeout how long a restarted firmware has to answer
   * @param healthInterval pause between probes
   * @param commandTimeout limit of one board step
   * @param terminal redraw the progress bar in place
   * @param boardRollback how long the board itself waits for a restarted release to answer (or
   *     flash to confirm it) before it reverts it; {@link Duration#ZERO} for no on-board rollback
   * @param trustKey a public key (PEM text) the board is to trust when it trusts none yet, or
   *     {@code ""}
   */
  public record Options(
      String home,
      String serviceCommand,
      java.util.function.IntFunction<HealthProbe> health,
      Duration healthTimeout,
      Duration healthInterval,
      Duration commandTimeout,
      boolean terminal,
      Duration boardRollback,
      String trustKey) {}

  /** What a flash did. */
  public enum Outcome {
    /** The new release runs and answers. */
    INSTALLED,
    /** The new release did not answer; the previous one runs again. */
    ROLLED_BACK,
    /** The new release did not answer and there was nothing to roll back to: service stopped. */
    STOPPED
  }

  private final Board board;
  private final Options options;
  private final PrintWriter out;
  private final LongSupplier nanoClock;
  private String before = "";
  private String home;

  /** Flashes through {@code board}, printing to {@code out}. */
  public Flasher(Board board, Options options, PrintWriter out, LongSupplier nanoClock) {
    this.board = board;
    this.options = options;
    this.out = out;
    this.nanoClock = nanoClock;
  }

  /**
   * Flashes {@code bundle}.
   *
   * @return what happened; {@link Outcome#INSTALLED} only when the new release answers
   * @throws FlashException when a step fails before the switch (the board still runs what it ran)
   *     or the rollback itself fails
   */
  public Outcome flash(BundleInfo bundle) throws FlashException {
    Map<String, String> state = prepare();
    String current = state.getOrDefault("current", "");
    before = current;
    home = state.getOrDefault("home", options.home());
    out.println("board: " + home + ", current: " + (current.isEmpty() ? "none" : current));

    String incoming = home + "/incoming/" + bundle.release() + ".tar.gz";
    ProgressBar bar = new ProgressBar(out, bundle.size(), options.terminal(), nanoClock);
    try {
      board.upload(bundle.file(), incoming + ".part", bar);
      bar.finish();
      board.rename(incoming + ".part", incoming);
    } catch (IOException e) {
      out.println();
      throw new FlashException(
          "upload interrupted: "
              + e.getMessage()
              + ". Nothing was installed; the board still runs "
              + (current.isEmpty() ? "nothing" : current)
              + ".",
          e);
    }

    Board.Result installed =
        run(
            "install",
            List.of(
                home,
                bundle.release(),
                bundle.sha256(),
                options.serviceCommand(),
                options.trustKey(),
                Long.toString(options.boardRollback().toSeconds()),
                // the board asks its own loopback; bind 0.0.0.0 or 127.0.0.1 answers there
                "http://127.0.0.1:" + bundle.port() + "/status",
                bundle.version()));
    print(installed);
    if (installed.status() != 0 && !installed.out().contains("current -> ")) {
      throw new FlashException(
          "the board refused the bundle: "
              + lastLine(installed.err())
              + ". Nothing was switched; the board still runs "
              + (current.isEmpty() ? "nothing" : current)
              + ".",
          null);
    }
    String release = "releases/" + bundle.release();
    if (installed.status() == 0
        && healthy(
            options.health().apply(bundle.port()),
            release,
            bundle.version(),
            !bundle.appModule().isEmpty())) {
      confirm(release);
      out.println("flashed " + bundle.release() + " to " + home);
      return Outcome.INSTALLED;
    }
    if (installed.status() != 0) {
      out.println("the service did not restart: " + installed.err().strip());
    }
    return rollBack(current.equals(release) ? "" : current, release);
  }

  /**
   * The release that was current on the board before this flash ({@code releases/RELEASE}), or
   * {@code ""} when none was or the board was not reached.
   */
  public String before() {
    return before;
  }

  /** Tells the on-board rollback that the release answered; it then stands down. */
  private void confirm(String release) {
    if (options.boardRollback().isZero()) {
      return;
    }
    try {
      print(
          board.exec(
              BoardScript.command("confirm", List.of(home, release)), options.commandTimeout()));
    } catch (IOException e) {
      // The board's watchdog confirms a release that answers by itself (with curl).
      out.println(
          "confirm: " + e.getMessage() + "; the board confirms an answering release itself");
    }
  }

  private Outcome rollBack(String previous, String failed) throws FlashException {
    if (previous.isEmpty()) {
      out.println("rollback: no previous release on the board; stopping the service");
      print(run("activate", List.of(home, "", options.serviceCommand())));
      return Outcome.STOPPED;
    }
    out.println("rollback: " + failed + " did not come up; back to " + previous);
    Board.Result activated = run("activate", List.of(home, previous, options.serviceCommand()));
    print(activated);
    if (activated.status() != 0) {
      throw new FlashException(
          "rollback to " + previous + " failed: " + activated.err().strip(), null);
    }
    if (!healthy(options.health().apply(portOf(previous)), previous, null, false)) {
      throw new FlashException(
          "rolled back to " + previous + ", but it does not answer either; look at the board",
          null);
    }
    out.println("rolled back: the board runs " + previous + " again");
    return Outcome.ROLLED_BACK;
  }

  /**
   * Polls the health probe until it answers (with {@code version}, when given, and with the
   * application {@code running} when {@code application}) or the timeout passes. An application
   * that failed at start is not healthy: its firmware serves, but the release does not do its job.
   */
  private boolean healthy(HealthProbe probe, String release, String version, boolean application)
      throws FlashException {
    long start = nanoClock.getAsLong();
    long deadline = start + options.healthTimeout().toNanos();
    out.printf(
        "health: waiting up to %d s for %s%n", options.healthTimeout().toSeconds(), probe.url());
    String last = "no attempt";
    while (true) {
      try {
        HealthProbe.Health health = probe.health();
        String answered = health.version();
        boolean appOk = !application || health.appState().equals("running");
        if ((version == null || version.equals(answered)) && appOk) {
          out.printf(
              "health: %s answers (version %s) after %.1f s%n",
              release, answered, (nanoClock.getAsLong() - start) / 1e9);
          return true;
        }
        last =
            appOk
                ? "version " + answered + ", expected " + version
                : "the application is " + health.appState() + ", expected running";
      } catch (IOException e) {
        last = e.getMessage();
      }
      if (nanoClock.getAsLong() >= deadline) {
        out.printf(
            "health: no answer within %d s (last: %s)%n",
            options.healthTimeout().toSeconds(), last);
        return false;
      }
      try {
        Thread.sleep(options.healthInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FlashException("interrupted while waiting for the firmware's health", e);
      }
    }
  }

  /** The HTTP port in the config of an installed release (it may differ from the new one's). */
  private int portOf(String release) throws FlashException {
    Board.Result config = run("config", List.of(home, release));
    if (config.status() != 0) {
      throw new FlashException("cannot read the config of " + release + ": " + config.err(), null);
    }
    return BundleInfo.port(config.out().getBytes(StandardCharsets.UTF_8), release);
  }

  private Map<String, String> prepare() throws FlashException {
    Board.Result result = run("prepare", List.of(options.home()));
    if (result.status() != 0) {
      throw new FlashException("the board is not ready: " + result.err().strip(), null);
    }
    Map<String, String> state = new LinkedHashMap<>();
    for (String line : result.out().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        state.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    return state;
  }

  private Board.Result run(String step, List<String> args) throws FlashException {
    try {
      return board.exec(BoardScript.command(step, args), options.commandTimeout());
    } catch (IOException e) {
      throw new FlashException("the board's '" + step + "' step failed: " + e.getMessage(), e);
    }
  }

  /** The board script's own verdict is its last line; the tools' details were printed above. */
  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private void print(Board.Result result) {
    for (String line : (result.out() + result.err()).split("\n")) {
      if (!line.isBlank()) {
        out.println(line.startsWith("board: ") ? line : "board: " + line);
      }
    }
  }

  /**
   * A bundle as flash sees it.
   *
   * @param file the .tar.gz
   * @param release its release id
   * @param version the firmware version in it
   * @param sha256 of the whole file, hex
   * @param size in bytes
   * @param port the firmware's HTTP port from its config
   * @param appModule the application's module the bundle carries, or {@code ""}
   */
  public record BundleInfo(
      Path file,
      String release,
      String version,
      String board,
      String sha256,
      long size,
      int port,
      String appModule) {

    /**
     * Reads a bundle's manifest and config, and hashes the file.
     *
     * @throws FlashException when the file is not a Lightwire bundle or its config is invalid
     */
    public static BundleInfo read(Path file) throws FlashException {
      Map<String, byte[]> entries;
      try {
        entries = TarReader.read(file, Set.of(Bundle.MANIFEST, Bundle.CONFIG));
      } catch (IOException e) {
        throw new FlashException("cannot read the bundle " + file + ": " + e.getMessage(), e);
      }
      if (!entries.containsKey(Bundle.MANIFEST) || !entries.containsKey(Bundle.CONFIG)) {
        throw new FlashException(
            file
                + " is not a Lightwire bundle (no MANIFEST or config; make one with"
                + " `lightwire bundle`)",
            null);
      }
      Properties manifest = properties(entries.get(Bundle.MANIFEST));
      int port = port(entries.get(Bundle.CONFIG), "the bundle");
      MessageDigest sha;
      long size = 0;
      try (InputStream in = Files.newInputStream(file)) {
        sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
          size += n;
        }
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new FlashException("cannot read the bundle " + file + ": " + e.getMessage(), e);
      }
      return new BundleInfo(
          file,
          manifest.getProperty("release", ""),
          manifest.getProperty("version", ""),
          manifest.getProperty("board", ""),
          HexFormat.of().formatHex(sha.digest()),
          size,
          port,
          manifest.getProperty("app-module", ""));
    }

    /** The HTTP port a config file sets (validated as the firmware would). */
    static int port(byte[] configFile, String whose) throws FlashException {
      Properties config = properties(configFile);
      Map<String, String> settings = new LinkedHashMap<>();
      config.stringPropertyNames().forEach(k -> settings.put(k, config.getProperty(k)));
      try {
        return FirmwareConfig.defaults()
            .with(settings, "in the " + Bundle.CONFIG + " of " + whose)
            .number(ConfigKey.SERVER_PORT);
      } catch (ConfigException e) {
        throw new FlashException(e.getMessage(), e);
      }
    }

    private static Properties properties(byte[] content) throws FlashException {
      Properties properties = new Properties();
      try {
        properties.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        throw new FlashException("the bundle's manifest or config is malformed: " + e, e);
      }
      return properties;
    }
  }
}
