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
import org.junit.jupiter.api.Test;

/**
 * {@code lightwire example} with no name, as the launcher runs it: the firmware's CLI on the module
 * path with the examples module, so the examples are found through {@code module-info}'s {@code
 * provides} (tests themselves run on the class path, where that list is invisible). Each example
 * the module provides is listed on exactly one line: its name, then its summary.
 */
class ExampleListTest {

  private static final String EXAMPLES = "io.lightwire.examples";
  private static final String FIRMWARE = "io.lightwire.firmware";
  private static final int MAX_LINE = 120;

  @Test
  void everyExampleIsListedOnOneLineWithItsSummary() throws Exception {
    Configuration config =
        ModuleLayer.boot()
            .configuration()
            .resolveAndBind(moduleFinder(), ModuleFinder.of(), Set.of(EXAMPLES));
    ModuleLayer.Controller controller =
        ModuleLayer.defineModulesWithOneLoader(
            config, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
    ModuleLayer layer = controller.layer();
    Module firmware = layer.findModule(FIRMWARE).orElseThrow();
    controller.addOpens(firmware, "io.lightwire.firmware.cli", getClass().getModule());
    ClassLoader loader = layer.findLoader(FIRMWARE);
    Method execute =
        loader
            .loadClass("io.lightwire.firmware.cli.LightwireCli")
            .getMethod("execute", PrintWriter.class, PrintWriter.class, String[].class);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // the CLI's ServiceLoader looks through it
    int status;
    try {
      status =
          (Integer)
              execute.invoke(
                  null,
                  new PrintWriter(out, true),
                  new PrintWriter(err, true),
                  new String[] {"example"});
    } finally {
      thread.setContextClassLoader(previous);
    }
    assertEquals(0, status, err.toString());

    List<String> lines = out.toString().lines().toList();
    ModuleDescriptor examples = layer.findModule(EXAMPLES).orElseThrow().getDescriptor();
    List<String> providers =
        examples.provides().stream()
            .filter(p -> p.service().equals("io.lightwire.firmware.Example"))
            .flatMap(p -> p.providers().stream())
            .toList();
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
