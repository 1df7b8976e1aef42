package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Links a trimmed Java runtime for the board with the JDK's {@code jlink}, from another platform's
 * jmods (Debian trixie's {@code openjdk-25-jdk-headless:arm64}, fetched by {@code
 * bin/fetch-aarch64}). Only the modules the firmware's graph requires go in.
 */
public final class RuntimeImage {

  private RuntimeImage() {}

  /**
   * The JDK modules to link: the graph's declared needs, plus what {@code jdeps} finds in its
   * automatic modules (which declare nothing).
   */
  public static Set<String> modules(AppModules app) throws BundleException {
    Set<String> modules = new TreeSet<>(app.jdkModules());
    if (!app.automatic().isEmpty()) {
      ToolProvider jdeps = tool("jdeps");
      for (Path jar : app.jars()) {
        if (isAutomatic(jar, app)) {
          String printed =
              run(
                  jdeps,
                  "--print-module-deps",
                  "--ignore-missing-deps",
                  "--multi-release",
                  Integer.toString(Runtime.version().feature()),
                  jar.toString());
          for (String name : printed.trim().split(",")) {
            if (!name.isBlank()) {
              modules.add(name.trim());
            }
          }
        }
      }
    }
    return modules;
  }

  private static boolean isAutomatic(Path jar, AppModules app) {
    return java.lang.module.ModuleFinder.of(jar).findAll().stream()
        .anyMatch(m -> app.automatic().contains(m.descriptor().name()));
  }

  /**
   * Links {@code modules} from {@code jmods} into {@code output} (which must not exist).
   *
   * @throws BundleException when jmods has no java.base, or jlink fails (its output is quoted)
   */
  public static void link(Path jmods, Set<String> modules, Path output) throws BundleException {
    if (!Files.isRegularFile(jmods.resolve("java.base.jmod"))) {
      throw new BundleException(
          "no java.base.jmod in " + jmods + " (fetch the board's jmods with bin/fetch-aarch64)",
          null);
    }
    run(
        tool("jlink"),
        List.of(
                "--module-path",
                jmods.toString(),
                "--add-modules",
                String.join(",", modules),
                // The host's objcopy cannot strip another CPU's libraries, so: Java debug
                // attributes only, and Debian's separate native debug files left out.
                "--strip-java-debug-attributes",
                "--exclude-files=**.debuginfo",
                "--no-header-files",
                "--no-man-pages",
                "--compress=zip-6",
                "--output",
                output.toString())
            .toArray(String[]::new));
  }

  /** Size of every file under {@code folder}, in bytes. */
  public static long size(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static ToolProvider tool(String name) throws BundleException {
    return ToolProvider.findFirst(name)
        .orElseThrow(
            () ->
                new BundleException(
                    "this Java has no " + name + " (run lightwire on a full JDK 25)", null));
  }

  private static String run(ToolProvider tool, String... args) throws BundleException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = tool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    if (status != 0) {
      throw new BundleException(
          tool.name() + " failed (" + status + "): " + (err.toString() + out).strip(), null);
    }
    return out.toString();
  }
}
