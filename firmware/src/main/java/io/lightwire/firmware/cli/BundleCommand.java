package io.lightwire.firmware.cli;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.Application;
import io.lightwire.firmware.app.AppException;
import io.lightwire.firmware.app.AppLoader;
import io.lightwire.firmware.bundle.AppModules;
import io.lightwire.firmware.bundle.Bundle;
import io.lightwire.firmware.bundle.BundleException;
import io.lightwire.firmware.bundle.BundledApp;
import io.lightwire.firmware.bundle.RuntimeImage;
import io.lightwire.firmware.bundle.SigningKeys;
import io.lightwire.firmware.config.AppConfig;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire bundle}: everything a board needs in one {@code .tar.gz}: the firmware's module
 * jars, the board's validated config, a launcher, a systemd unit, a manifest with SHA-256 sums, and
 * with {@code --runtime} a trimmed aarch64 Java runtime. Exits 2 on a bad option or config, 1 when
 * the bundle cannot be made.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = "Make a board bundle (.tar.gz) to flash or to unpack on a board.")
final class BundleCommand implements Callable<Integer> {

  /** Where bin/fetch-aarch64 puts the board's jmods, relative to the project. */
  private static final String DEFAULT_JMODS = "target/aarch64/jmods";

  @Spec CommandSpec spec;

  @Option(
      names = "--board",
      required = true,
      paramLabel = "ID",
      description = "Board id (see `lightwire boards`), e.g. pi5.")
  String board;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The board's config (key = value); the defaults otherwise.")
  Path configFile;

  @Option(
      names = "--runtime",
      description = "Also carry a trimmed aarch64 Java runtime (jlink from Debian's arm64 jmods).")
  boolean runtime;

  @Option(
      names = "--jmods",
      paramLabel = "DIR",
      description =
          "The board's jmods for --runtime (default: target/aarch64/jmods, fetched by"
              + " bin/fetch-aarch64 when missing).")
  Path jmods;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "The bundle to write, e.g. lightwire-pi5.tar.gz.")
  Path output;

  @Option(
      names = "--app",
      paramLabel = "DIR|JAR",
      description =
          "Carry your application: its jar (dependencies in lib/ next to it), a folder of jars, or"
              + " its Maven project folder (target/).")
  Path appPath;

  @Option(
      names = "--module-path",
      paramLabel = "PATH",
      split = ":",
      description = "Jars or folders of jars to bundle from (default: the ones this CLI runs on).")
  List<Path> modulePath;

  @Option(
      names = "--sign",
      paramLabel = "KEY",
      description =
          "Sign the bundle with this Ed25519 private key (from `lightwire keys new`); its public"
              + " key KEY.pub (NAME.pub for NAME.key) must lie next to it.")
  Path signingKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<BoardDescriptor> descriptor = BoardChoice.resolve(board, err);
    if (descriptor.isEmpty()) {
      return BoardChoice.EXIT;
    }
    String config;
    try {
      config = boardConfig(descriptor.get());
    } catch (ConfigException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    java.security.PrivateKey privateKey = null;
    java.security.PublicKey publicKey = null;
    if (signingKey != null) {
      try {
        privateKey = SigningKeys.readPrivate(signingKey);
        publicKey = SigningKeys.readPublic(KeysCommand.publicKeyOf(signingKey));
      } catch (BundleException e) {
        err.println("lightwire: --sign: " + e.getMessage());
        return 2;
      }
    }
    Path image = null;
    try {
      AppModules app = AppModules.resolve(modulePath != null ? modulePath : runningModulePath());
      for (Path left : app.leftOut()) {
        out.println("left out (not in the firmware's module graph): " + left.getFileName());
      }
      Optional<BundledApp> application = Optional.empty();
      if (appPath != null) {
        try {
          application = Optional.of(BundledApp.resolve(appPath, app));
          // The board would refuse an unknown or bad app.* key at boot: refuse it here instead.
          Application loaded = AppLoader.load(appPath).application();
          AppConfig.of(
              configFile == null ? FirmwareConfig.defaults() : FirmwareConfig.load(configFile),
              loaded.configKeys(),
              loaded.name());
        } catch (BundleException | AppException | ConfigException e) {
          err.println("lightwire: " + e.getMessage());
          return 2;
        }
        out.printf(
            "application: module %s %s, %d jars%n",
            application.get().module(),
            application.get().version(),
            application.get().jars().size());
        config += ConfigKey.APP_PATH.key() + " = ../" + BundledApp.FOLDER + "\n";
      }
      Optional<Path> runtimeImage = Optional.empty();
      String label = "";
      if (runtime) {
        Path mods = jmods != null ? jmods : defaultJmods(err);
        Set<String> modules = new java.util.TreeSet<>(RuntimeImage.modules(app));
        application.ifPresent(a -> modules.addAll(a.jdkModules()));
        image = Files.createTempDirectory("lightwire-runtime").resolve("image");
        out.println("linking the aarch64 runtime: " + String.join(",", modules));
        RuntimeImage.link(mods, modules, image);
        runtimeImage = Optional.of(image);
        label = "jlink " + String.join(",", modules) + " from " + releaseOf(mods);
        out.printf("runtime: %.1f MiB%n", RuntimeImage.size(image) / (1024.0 * 1024));
      }
      Bundle bundle = new Bundle(descriptor.get(), config, app, application, runtimeImage, label);
      if (privateKey != null) {
        bundle.signWith(privateKey, publicKey);
      }
      bundle.write(output, Instant.now());
      if (privateKey != null) {
        out.println("signed with " + signingKey + " (" + SigningKeys.ALGORITHM + ")");
      }
      out.printf(
          "bundle %s: release %s for %s, %d files, %.1f MiB%n",
          output,
          bundle.release(),
          descriptor.get().id(),
          bundle.names().size() + 2,
          Files.size(output) / (1024.0 * 1024));
      return 0;
    } catch (BundleException e) {
      err.println("lightwire: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("lightwire: " + e.getMessage());
      return 1;
    } finally {
      if (image != null) {
        deleteTree(image.getParent());
      }
    }
  }

  /**
   * The config file's text, validated with {@link FirmwareConfig} as the board will read it; a
   * {@code board} key is added when the file has none, and must match {@code --board} when it has.
   */
  private String boardConfig(BoardDescriptor descriptor) throws ConfigException {
    String text;
    FirmwareConfig parsed;
    if (configFile == null) {
      text = "# Lightwire config for " + descriptor.name() + " (made by `lightwire bundle`)\n";
      parsed = FirmwareConfig.defaults();
    } else {
      parsed = FirmwareConfig.load(configFile);
      try {
        text = Files.readString(configFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("config file " + configFile + " cannot be read: " + e);
      }
      if (!text.endsWith("\n")) {
        text += "\n";
      }
    }
    String configured = parsed.text(ConfigKey.BOARD);
    if (configFile != null && !configured.equals(ConfigKey.BOARD.defaultText())) {
      if (!configured.equals(descriptor.id())) {
        throw new ConfigException(
            "config key 'board' in "
                + configFile
                + ": '"
                + configured
                + "' does not match --board "
                + descriptor.id());
      }
      return text;
    }
    text += ConfigKey.BOARD.key() + " = " + descriptor.id() + "\n";
    FirmwareConfig.defaults().with(Map.of(ConfigKey.BOARD.key(), descriptor.id()), "for --board");
    return text;
  }

  /**
   * The jars this CLI runs on: the folder of the firmware's jar (examples/target/lib) and the
   * examples jar. A benchmark folder is never on it; jars outside the graph are left out anyway.
   */
  private static List<Path> runningModulePath() throws BundleException {
    List<Path> path = new ArrayList<>();
    for (String name : List.of(AppModules.FIRMWARE, AppModules.EXAMPLES)) {
      ModuleLayer.boot()
          .configuration()
          .findModule(name)
          .flatMap(m -> m.reference().location())
          .map(Path::of)
          .ifPresent(
              location -> {
                if (name.equals(AppModules.FIRMWARE) && Files.isRegularFile(location)) {
                  path.add(location.getParent());
                } else {
                  path.add(location);
                }
              });
    }
    if (path.isEmpty() || !Files.isDirectory(path.getFirst())) {
      throw new BundleException(
          "this CLI does not run from jars; run ./lightwire or pass --module-path", null);
    }
    return path;
  }

  /** The project's target/aarch64/jmods, fetched through bin/fetch-aarch64 when missing. */
  private Path defaultJmods(PrintWriter err) throws BundleException, IOException {
    Path root = projectRoot();
    Path mods = root.resolve(DEFAULT_JMODS);
    if (Files.isRegularFile(mods.resolve("java.base.jmod"))) {
      return mods;
    }
    Path fetch = root.resolve("bin/fetch-aarch64");
    if (!Files.isExecutable(fetch)) {
      throw new BundleException("no jmods at " + mods + "; pass --jmods DIR", null);
    }
    err.println("lightwire: fetching the board's jmods with " + fetch);
    try {
      Process process = new ProcessBuilder(fetch.toString()).inheritIO().start();
      if (process.waitFor() != 0) {
        throw new BundleException(fetch + " failed; see its output above", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BundleException("interrupted while fetching the jmods", e);
    }
    return mods;
  }

  /** The project folder: three up from examples/target/lib, where ./lightwire runs from. */
  private static Path projectRoot() throws BundleException {
    return ModuleLayer.boot()
        .configuration()
        .findModule(AppModules.FIRMWARE)
        .flatMap(m -> m.reference().location())
        .map(Path::of)
        .map(p -> p.getParent().getParent().getParent().getParent())
        .orElseThrow(() -> new BundleException("cannot find the project; pass --jmods DIR", null));
  }

  /** The JDK release the jmods come from (their {@code release} file), for the manifest. */
  private static String releaseOf(Path jmods) {
    try {
      Path release = jmods.toRealPath().getParent().resolve("release");
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
          return "Java " + line.substring(line.indexOf('=') + 1).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // no release file: name the folder instead
    }
    return jmods.toAbsolutePath().toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
