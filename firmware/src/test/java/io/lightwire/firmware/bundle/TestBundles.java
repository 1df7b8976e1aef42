package io.lightwire.firmware.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.firmware.cli.LightwireCli;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.spi.ToolProvider;

/**
 * Makes real bundles in tests through {@code lightwire bundle}: from the jars this test JVM runs on
 * (the module path, test libraries included: the bundle must leave those out), with the firmware's
 * classes jarred under a chosen module version, so two bundles differ in what their {@code /status}
 * reports.
 */
public final class TestBundles {

  private final Path work;
  private final Path dependencies;

  /** Copies the module path's jars once into {@code work}. */
  public TestBundles(Path work) throws IOException {
    this.work = work;
    this.dependencies = Files.createDirectories(work.resolve("deps"));
    for (String entry : testPath().split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      if (Files.isRegularFile(path) && name.endsWith(".jar")) {
        Files.copy(path, dependencies.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      } else if (Files.isDirectory(path) && !isFirmwareClasses(path)) {
        jar(path, dependencies.resolve(path.getParent().getParent().getFileName() + ".jar"), null);
      }
    }
  }

  /**
   * The firmware's runtime jars and class folders, as Maven wrote them for this test (the tests
   * themselves run on a class path that also holds every test library).
   */
  private static String testPath() throws IOException {
    return Files.readString(Path.of("target/runtime-class-path.txt")).strip();
  }

  private static boolean isFirmwareClasses(Path folder) {
    return Files.isDirectory(folder.resolve("io/lightwire/firmware/cli"));
  }

  /** The firmware's own classes folder (target/classes), from this module's location. */
  static Path firmwareClasses() {
    return Path.of(
        LightwireCli.class.getProtectionDomain().getCodeSource().getLocation().getPath());
  }

  /**
   * Runs {@code lightwire bundle --board BOARD --config CONFIG -o OUT} over a module path whose
   * firmware jar carries {@code version}.
   *
   * @return the bundle file
   */
  public Path bundle(String version, String board, String config, String name) throws IOException {
    return bundle(version, board, config, name, new String[0]);
  }

  /** As {@link #bundle(String, String, String, String)}, with more options ({@code --app DIR}). */
  public Path bundle(String version, String board, String config, String name, String... extra)
      throws IOException {
    Path configFile = work.resolve(name + ".properties");
    Files.writeString(configFile, config);
    Path output = work.resolve(name + ".tar.gz");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "bundle",
                "--board",
                board,
                "--config",
                configFile.toString(),
                "--module-path",
                modulePath(version),
                "-o",
                output.toString()));
    args.addAll(java.util.List.of(extra));
    int status =
        LightwireCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    assertEquals(0, status, out + "\n" + err);
    return output;
  }

  /**
   * The {@code --module-path} of a bundle whose firmware jar carries {@code version}: that jar's
   * folder and the dependencies.
   */
  public String modulePath(String version) throws IOException {
    Path lib = Files.createDirectories(work.resolve("lib-" + version));
    Path firmware = lib.resolve("lightwire-firmware-" + version + ".jar");
    if (!Files.exists(firmware)) {
      jar(firmwareClasses(), firmware, version);
    }
    return lib + ":" + dependencies;
  }

  /** What `lightwire bundle` printed last is not kept; the output file is what tests read. */
  static void jar(Path classes, Path jar, String version) throws IOException {
    ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
    StringWriter err = new StringWriter();
    String[] args =
        version == null
            ? new String[] {"--create", "--file", jar.toString(), "-C", classes.toString(), "."}
            : new String[] {
              "--create",
              "--file",
              jar.toString(),
              "--module-version",
              version,
              "-C",
              classes.toString(),
              "."
            };
    int status = tool.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    if (status != 0) {
      throw new IOException("jar failed: " + err);
    }
  }
}
