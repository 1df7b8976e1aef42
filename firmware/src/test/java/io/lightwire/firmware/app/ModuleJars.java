package io.lightwire.firmware.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Compiles small modules with the JDK's javac against the firmware's classes and jars them: real
 * application jars for the loader's tests.
 */
public final class ModuleJars {

  private final Path work;

  public ModuleJars(Path work) {
    this.work = work;
  }

  /** The firmware's classes and runtime jars, as a module path for javac. */
  static String firmwareModulePath() throws IOException {
    Path classes =
        Path.of(
            io.lightwire.firmware.Application.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
    return classes + ":" + Files.readString(Path.of("target/runtime-class-path.txt")).strip();
  }

  /**
   * Compiles {@code sources} (path to text, module-info.java included) into {@code NAME.jar}.
   *
   * @param modulePath extra module path entries (other test modules)
   */
  public Path jar(String name, Map<String, String> sources, String modulePath) throws IOException {
    Path src = Files.createDirectories(work.resolve("src-" + name));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                work.resolve("classes-" + name).toString(),
                "--module-path",
                firmwareModulePath() + (modulePath.isEmpty() ? "" : ":" + modulePath)));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    run("javac", args);
    Path jar = work.resolve(name + ".jar");
    run(
        "jar",
        List.of(
            "--create",
            "--file",
            jar.toString(),
            "-C",
            work.resolve("classes-" + name).toString(),
            "."));
    return jar;
  }

  /** An application module {@code module} whose class {@code pkg.App} is named {@code name}. */
  public static Map<String, String> application(
      String module, String pkg, String name, String requires) {
    return application(module, pkg, name, requires, "");
  }

  /** As above, with {@code startBody} as the body of {@code start} (a throw, say). */
  public static Map<String, String> application(
      String module, String pkg, String name, String requires, String startBody) {
    return Map.of(
        "module-info.java",
        "module "
            + module
            + " { requires io.lightwire.firmware; "
            + requires
            + " provides io.lightwire.firmware.Application with "
            + pkg
            + ".App; }",
        pkg.replace('.', '/') + "/App.java",
        "package "
            + pkg
            + ";\n"
            + "public final class App implements io.lightwire.firmware.Application {\n"
            + "  public String name() { return \""
            + name
            + "\"; }\n"
            + "  public void start(io.lightwire.firmware.Firmware f) {"
            + startBody
            + "}\n"
            + "}\n");
  }

  private static void run(String tool, List<String> args) throws IOException {
    StringWriter out = new StringWriter();
    int status =
        ToolProvider.findFirst(tool)
            .orElseThrow()
            .run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
    if (status != 0) {
      throw new IOException(tool + " failed: " + out);
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
