package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The application modules a board runs: the firmware's module graph resolved (with service binding)
 * from a set of jars, and the JDK modules that graph needs. A jar that the graph does not reach (a
 * benchmark, a test peer, the laptop-only SSH library) is left out of the bundle, so "what goes on
 * the board" is decided by the module descriptors, not by a list of names.
 *
 * @param jars the jars to bundle, by module name order
 * @param leftOut jars that were offered but are not in the graph
 * @param jdkModules the JDK modules the graph requires (jlink adds their own dependencies)
 * @param automatic names of automatic modules in the graph, whose JDK needs are not declared
 * @param version the firmware's version (module descriptor, else jar manifest, else {@code dev})
 */
public record AppModules(
    List<Path> jars,
    List<Path> leftOut,
    Set<String> jdkModules,
    Set<String> automatic,
    String version) {

  /** The firmware module, the root of the graph. */
  public static final String FIRMWARE = "io.lightwire.firmware";

  /** The examples module: a root when present, so `example NAME` works on the board. */
  public static final String EXAMPLES = "io.lightwire.examples";

  /**
   * Module names (or prefixes, ending in a dot) that never go on a board: benchmark harnesses, the
   * peer libraries benchmarks and tests compare against, test frameworks, the laptop's SSH.
   */
  static final List<String> NEVER_ON_A_BOARD =
      List.of(
          "jmh.",
          "org.openjdk.jmh",
          "io.netty.",
          "org.eclipse.jetty.",
          "org.java_websocket",
          "org.junit.",
          "org.openqa.selenium.",
          "org.apache.sshd.");

  /**
   * Resolves the firmware's graph from {@code candidates} (jar files or folders of jars).
   *
   * @throws BundleException when the firmware module is missing, or the graph does not resolve (a
   *     required module missing: named in the message)
   */
  public static AppModules resolve(List<Path> candidates) throws BundleException {
    List<Path> jars = new ArrayList<>();
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate)) {
        try (Stream<Path> files = Files.list(candidate)) {
          files
              .filter(f -> f.getFileName().toString().endsWith(".jar"))
              .sorted()
              .forEach(jars::add);
        } catch (IOException e) {
          throw new BundleException("cannot list " + candidate + ": " + e.getMessage(), e);
        }
      } else if (candidate.getFileName().toString().endsWith(".jar")) {
        jars.add(candidate);
      } else {
        throw new BundleException(candidate + " is neither a jar nor a folder of jars", null);
      }
    }
    // Libraries that never go on a board are not even offered to the resolver: automatic modules
    // resolve together, so one automatic module in the graph would drag them all in.
    List<Path> offered = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (Path jar : jars) {
      Optional<String> name =
          ModuleFinder.of(jar).findAll().stream().map(m -> m.descriptor().name()).findFirst();
      if (name.isPresent() && neverOnABoard(name.get())) {
        forbidden.add(name.get());
      } else {
        offered.add(jar);
      }
    }
    ModuleFinder app = ModuleFinder.of(offered.toArray(Path[]::new));
    if (app.find(FIRMWARE).isEmpty()) {
      throw new BundleException(
          "no " + FIRMWARE + " module among " + candidates + " (build first: ./mvnw package)",
          null);
    }
    Set<String> roots = new TreeSet<>(Set.of(FIRMWARE));
    if (app.find(EXAMPLES).isPresent()) {
      roots.add(EXAMPLES);
    }
    Configuration graph;
    try {
      graph = bind(app, roots);
    } catch (BundleException e) {
      for (String name : forbidden) {
        if (e.getMessage().contains("Module " + name + " not found")) {
          throw new BundleException(
              e.getMessage()
                  + ": "
                  + name
                  + " is a benchmark, test or laptop library and never goes on a board (make"
                  + " that `requires static`, or move the code to test scope)",
              e);
        }
      }
      throw e;
    }
    List<Path> bundled = new ArrayList<>();
    Set<String> jdkModules = new TreeSet<>();
    Set<String> automatic = new TreeSet<>();
    Set<String> systemNames = systemModuleNames();
    for (ResolvedModule module : graph.modules()) {
      ModuleDescriptor descriptor = module.reference().descriptor();
      module.reference().location().map(Path::of).ifPresent(bundled::add);
      if (descriptor.isAutomatic()) {
        automatic.add(descriptor.name());
      }
      for (ModuleDescriptor.Requires requires : descriptor.requires()) {
        if (systemNames.contains(requires.name())
            && !requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          jdkModules.add(requires.name());
        }
      }
    }
    jdkModules.add("java.base");
    bundled.sort(null);
    List<Path> leftOut = jars.stream().filter(j -> !bundled.contains(j)).toList();
    String version = version(app.find(FIRMWARE).orElseThrow());
    return new AppModules(List.copyOf(bundled), leftOut, jdkModules, automatic, version);
  }

  /**
   * Resolves {@code roots} and adds, until nothing changes, the application modules that provide a
   * service an application module uses. Binding is done here rather than by {@link
   * Configuration#resolveAndBind}, which would also pull in every jar that provides a service the
   * JDK uses (the SSH library provides a file system, for instance) and put it on the board.
   */
  private static Configuration bind(ModuleFinder app, Set<String> roots) throws BundleException {
    try {
      // The parent holds the whole JDK, so JDK modules come only through `requires`.
      Configuration jdk =
          Configuration.empty()
              .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), systemModuleNames());
      Set<String> wanted = new TreeSet<>(roots);
      while (true) {
        Configuration graph = jdk.resolve(app, ModuleFinder.of(), wanted);
        Set<String> uses = new TreeSet<>();
        graph.modules().forEach(m -> uses.addAll(m.reference().descriptor().uses()));
        boolean grew = false;
        for (ModuleReference candidate : app.findAll()) {
          ModuleDescriptor descriptor = candidate.descriptor();
          boolean provides =
              descriptor.provides().stream().anyMatch(p -> uses.contains(p.service()));
          if (provides && wanted.add(descriptor.name())) {
            grew = true;
          }
        }
        if (!grew) {
          return graph;
        }
      }
    } catch (java.lang.module.FindException | ResolutionException | SecurityException e) {
      throw new BundleException("the firmware's modules do not resolve: " + e.getMessage(), e);
    }
  }

  static boolean neverOnABoard(String module) {
    return NEVER_ON_A_BOARD.stream()
        .anyMatch(p -> p.endsWith(".") ? module.startsWith(p) : module.equals(p));
  }

  static Set<String> systemModuleNames() {
    Set<String> names = new TreeSet<>();
    ModuleFinder.ofSystem().findAll().forEach(m -> names.add(m.descriptor().name()));
    return names;
  }

  /** Same order as {@link io.lightwire.firmware.Version}: descriptor, manifest, "dev". */
  private static String version(ModuleReference firmware) {
    Optional<String> raw = firmware.descriptor().rawVersion();
    if (raw.isPresent()) {
      return raw.get();
    }
    Optional<Path> location = firmware.location().map(Path::of);
    if (location.isPresent() && Files.isRegularFile(location.get())) {
      try (JarFile jar = new JarFile(location.get().toFile())) {
        var manifest = jar.getManifest();
        String v =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue("Implementation-Version");
        if (v != null) {
          return v;
        }
      } catch (IOException e) {
        // an unreadable manifest gives no version; the descriptor already resolved
      }
    }
    return "dev";
  }
}
