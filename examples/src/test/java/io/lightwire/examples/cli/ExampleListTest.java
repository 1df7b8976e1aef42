package io.lightwire.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code lightwire example} with no name, as the launcher runs it: the firmware's CLI on the module
 * path with the examples module, so the examples are found through {@code module-info}'s {@code
 * provides} (tests themselves run on the class path, where that list is invisible). Each example
 * the module provides is listed on exactly one line: its name, then its summary.
 */
@Tag("slow")
class ExampleListTest {

  private static final String EXAMPLES = "io.lightwire.examples";
  private static final String FIRMWARE = "io.lightwire.firmware";
  private static final int MAX_LINE = 120;

  /** What one run of the CLI printed: its own writers and the example's standard streams. */
  record Ran(int status, String out, String err) {}

  /** The firmware and examples modules in a layer of their own, as the launcher loads them. */
  private static ModuleLayer layer() throws IOException {
    Configuration config =
        ModuleLayer.boot()
            .configuration()
            .resolveAndBind(moduleFinder(), ModuleFinder.of(), Set.of(EXAMPLES));
    ModuleLayer.Controller controller =
        ModuleLayer.defineModulesWithOneLoader(
            config, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
    Module firmware = controller.layer().findModule(FIRMWARE).orElseThrow();
    controller.addOpens(firmware, "io.lightwire.firmware.cli", ExampleListTest.class.getModule());
    return controller.layer();
  }

  /**
   * Runs {@code lightwire ARGS} in {@code layer}; an example prints to {@code System.out} and
   * {@code System.err}, which are caught for the call.
   */
  private static Ran cli(ModuleLayer layer, String... args) throws Exception {
    ClassLoader loader = layer.findLoader(FIRMWARE);
    Method execute =
        loader
            .loadClass("io.lightwire.firmware.cli.LightwireCli")
            .getMethod("execute", PrintWriter.class, PrintWriter.class, String[].class);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream previousOut = System.out;
    java.io.PrintStream previousErr = System.err;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // the CLI's ServiceLoader looks through it
    System.setOut(new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8));
    System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
    int status;
    try {
      status =
          (Integer)
              execute.invoke(null, new PrintWriter(out, true), new PrintWriter(err, true), args);
    } finally {
      System.setOut(previousOut);
      System.setErr(previousErr);
      thread.setContextClassLoader(previous);
    }
    return new Ran(
        status,
        out + stdout.toString(java.nio.charset.StandardCharsets.UTF_8),
        err + stderr.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The examples {@code module-info} provides, by class name. */
  private static List<String> providers(ModuleLayer layer) {
    ModuleDescriptor examples = layer.findModule(EXAMPLES).orElseThrow().getDescriptor();
    return examples.provides().stream()
        .filter(p -> p.service().equals("io.lightwire.firmware.Example"))
        .flatMap(p -> p.providers().stream())
        .toList();
  }

  /** The examples' names, as the list prints them. */
  private static List<String> names(ModuleLayer layer) throws Exception {
    return cli(layer, "example").out().lines().map(l -> l.split(" +")[0]).toList();
  }

  @Test
  void everyExampleAnswersHelpWithItsUsageAndExit0() throws Exception {
    ModuleLayer layer = layer();
    List<String> names = names(layer);
    assertEquals(providers(layer).size(), names.size(), names.toString());
    for (String name : names) {
      for (String help : new String[] {"--help", "-h"}) {
        Ran ran = cli(layer, "example", name, help);
        assertEquals(0, ran.status(), name + " " + help + ":\n" + ran.out() + ran.err());
        assertTrue(ran.out().startsWith("usage: " + name), name + ":\n" + ran.out());
        assertTrue(ran.out().contains("-h, --help"), name + ":\n" + ran.out());
        assertTrue(ran.out().contains("Options:"), name + ":\n" + ran.out());
      }
      Ran bad = cli(layer, "example", name, "--no-such-option");
      assertEquals(2, bad.status(), name + " with an unknown option:\n" + bad.out() + bad.err());
      assertTrue(
          (bad.out() + bad.err()).contains(name + ": unknown option '--no-such-option'"),
          name + ":\n" + bad.out() + bad.err());
    }
  }

  @Test
  void everyExampleThatListensBindsLoopbackByDefault() throws Exception {
    ModuleLayer layer = layer();
    List<String> listening = new ArrayList<>();
    for (String name : names(layer)) {
      String help = cli(layer, "example", name, "--help").out();
      if (!help.contains("--bind")) {
        continue; // a client: it listens nowhere
      }
      listening.add(name);
      String bind =
          help.lines()
              .filter(l -> l.strip().startsWith("--bind="))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + ": no --bind line in\n" + help));
      int at = help.indexOf(bind);
      // The option's description, wrapped over lines as picocli prints it.
      String described =
          help.substring(at, Math.min(help.length(), at + 300)).replaceAll("\\s+", " ");
      assertTrue(described.contains("(default: 127.0.0.1"), name + ": " + described);
    }
    assertEquals(
        List.of("camera-stream", "chat", "echo-server", "gpio-remote", "streams", "test-server"),
        listening);
  }

  @Test
  void everyExampleIsListedOnOneLineWithItsSummary() throws Exception {
    ModuleLayer layer = layer();
    Ran ran = cli(layer, "example");
    assertEquals(0, ran.status(), ran.err());
    ClassLoader loader = layer.findLoader(FIRMWARE);

    List<String> lines = ran.out().lines().toList();
    List<String> providers = providers(layer);
    assertEquals(providers.size(), lines.size(), "one line per provided example: " + lines);
    // A class path (process tests, the benchmark's child JVMs) finds them through this file.
    try (java.io.InputStream services =
        ExampleListTest.class.getResourceAsStream(
            "/META-INF/services/io.lightwire.firmware.Example")) {
      assertEquals(
          providers.stream().sorted().toList(),
          new String(services.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .sorted()
              .toList(),
          "module-info.java and META-INF/services name the same examples");
    }
    Class<?> exampleType = loader.loadClass("io.lightwire.firmware.Example");
    Method nameOf = exampleType.getMethod("name");
    Method summaryOf = exampleType.getMethod("summary");
    List<String> names = new ArrayList<>();
    for (Object example : ServiceLoader.load(layer, exampleType)) {
      String name = (String) nameOf.invoke(example);
      String summary = (String) summaryOf.invoke(example);
      assertTrue(name.matches("[a-z][a-z0-9-]*"), "a command-line name: " + name);
      assertTrue(!summary.isBlank() && !summary.contains("\n"), name + ": a one-line summary");
      String line =
          lines.stream()
              .filter(l -> l.startsWith(name + " "))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " is not listed: " + lines));
      assertEquals(summary, line.substring(name.length()).strip(), name + "'s line");
      assertTrue(line.length() <= MAX_LINE, name + "'s line fits a terminal: " + line);
      names.add(name);
    }
    assertTrue(
        names.containsAll(List.of("chat", "client", "echo-client", "test-server")), "" + names);
    assertEquals(
        names.stream().sorted().toList(),
        lines.stream().map(l -> l.split(" +")[0]).toList(),
        "listed by name");
  }

  /**
   * The modules on this test's class path, as the launcher's module path holds them: the examples'
   * own classes, every jar or folder that declares a module, and the automatic modules (plain jars)
   * that one of those requires; the other plain jars are test tools.
   */
  private static ModuleFinder moduleFinder() throws IOException {
    List<Path> explicit = new ArrayList<>();
    List<Path> plain = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      if (declaresModule(path)) {
        explicit.add(path);
      } else if (path.toString().endsWith(".jar") && Files.isRegularFile(path)) {
        plain.add(path);
      }
    }
    Set<String> required = new java.util.HashSet<>();
    for (var module : ModuleFinder.of(explicit.toArray(Path[]::new)).findAll()) {
      module.descriptor().requires().forEach(r -> required.add(r.name()));
    }
    List<Path> modules = new ArrayList<>(explicit);
    for (Path jar : plain) {
      try {
        for (var module : ModuleFinder.of(jar).findAll()) {
          if (required.contains(module.descriptor().name())) {
            modules.add(jar);
          }
        }
      } catch (java.lang.module.FindException unnamed) {
        // No module name can be derived from this jar: nothing requires it.
      }
    }
    return ModuleFinder.of(modules.toArray(Path[]::new));
  }

  private static boolean declaresModule(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return Files.exists(path.resolve("module-info.class"));
    }
    if (!path.toString().endsWith(".jar") || !Files.isRegularFile(path)) {
      return false;
    }
    try (JarFile jar = new JarFile(path.toFile());
        Stream<java.util.jar.JarEntry> entries = jar.stream()) {
      return entries.anyMatch(e -> e.getName().endsWith("module-info.class"));
    }
  }
}
