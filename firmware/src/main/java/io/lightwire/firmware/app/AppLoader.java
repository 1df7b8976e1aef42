package io.lightwire.firmware.app;

import io.lightwire.firmware.Application;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the user's {@link Application} from its jars ({@link AppJars}) the way the bundle resolves
 * the firmware: by module descriptors. Exactly one module must provide {@code Application}; its
 * graph is resolved on top of the firmware's own modules (a jar of a module the firmware already
 * runs is not loaded twice), so a module it needs that is missing is named before anything runs.
 *
 * <p>When the firmware runs as a module (the launcher, a board) the application gets a module layer
 * of its own. When the firmware runs on the class path (in-process tests), the same resolution is
 * checked and the application's jars are loaded by a class loader under the firmware's.
 */
public final class AppLoader {

  private static final String SERVICE = Application.class.getName();

  private AppLoader() {}

  /**
   * One loaded application.
   *
   * @param application the instance
   * @param module the module that provides it
   * @param jars the jars of its graph that the firmware did not already have
   */
  public record Loaded(Application application, String module, List<Path> jars) {}

  /**
   * Loads the one application at {@code path}.
   *
   * @throws AppException naming the path and what was expected: nothing there, no {@code
   *     Application}, two of them (both listed), or a missing module (named)
   */
  public static Loaded load(Path path) throws AppException {
    List<Path> offered = AppJars.at(path);
    Platform platform = Platform.current();
    List<Path> jars = new ArrayList<>();
    for (Path jar : offered) {
      Optional<String> name = moduleName(jar);
      if (name.isEmpty() || !platform.has(name.get())) {
        jars.add(jar); // a copy of a module the firmware runs already is not loaded again
      }
    }
    ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
    ModuleReference provider = provider(path, finder);
    String root = provider.descriptor().name();
    List<Path> loaded;
    Application application;
    try {
      if (platform.modular()) {
        Configuration graph =
            platform.configuration().resolve(ModuleFinder.of(), finder, Set.of(root));
        loaded = new ArrayList<>();
        for (ResolvedModule module : graph.modules()) {
          module.reference().location().map(Path::of).ifPresent(loaded::add);
        }
        loaded.sort(null);
        application = fromLayer(graph, root);
      } else {
        loaded = classPathGraph(finder, root, platform);
        application = fromClassLoader(loaded, providerClass(provider), path);
      }
    } catch (FindException | ResolutionException e) {
      throw new AppException(unresolved(path, root, e), e);
    }
    return new Loaded(application, root, List.copyOf(loaded));
  }

  /** The message for an application graph that does not resolve: names the missing module. */
  public static String unresolved(Path path, String root, RuntimeException e) {
    return path
        + ": the application's module "
        + root
        + " does not resolve: "
        + e.getMessage()
        + " (its runtime dependencies belong next to it, e.g. target/lib/)";
  }

  /**
   * The one application among {@code found}, or empty when there is none.
   *
   * @param where where they were looked for, for the message
   * @throws AppException when there are two or more (every one is listed)
   */
  public static Optional<Application> only(List<Application> found, String where)
      throws AppException {
    if (found.size() > 1) {
      List<String> names = new ArrayList<>();
      for (Application a : found) {
        names.add(a.getClass().getName() + " (" + a.name() + ")");
      }
      throw new AppException(
          "two or more applications found "
              + where
              + ": "
              + String.join(", ", names)
              + "; expected one (name the one to run)",
          null);
    }
    return found.stream().findFirst();
  }

  /**
   * On the class path there is no module graph to resolve against (the class path may hold test
   * libraries whose automatic modules clash): the application's modules are walked from the root,
   * and every module they require must be among them, the JDK's, or the class path's.
   */
  private static List<Path> classPathGraph(ModuleFinder finder, String root, Platform platform) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(root));
    List<Path> jars = new ArrayList<>();
    while (!todo.isEmpty()) {
      String name = todo.removeLast();
      if (!seen.add(name)) {
        continue;
      }
      ModuleReference module = finder.find(name).orElseThrow();
      module.location().map(Path::of).ifPresent(jars::add);
      for (ModuleDescriptor.Requires r : module.descriptor().requires()) {
        if (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
            || platform.has(r.name())) {
          continue;
        }
        if (finder.find(r.name()).isEmpty()) {
          throw new FindException("Module " + r.name() + " not found, required by " + name);
        }
        todo.add(r.name());
      }
    }
    jars.sort(null);
    return jars;
  }

  /**
   * The one module among {@code finder}'s that provides {@code Application}.
   *
   * @param path the application path, for messages
   * @throws AppException when none or more than one provides it (all listed)
   */
  public static ModuleReference provider(Path path, ModuleFinder finder) throws AppException {
    List<ModuleReference> providers = new ArrayList<>();
    List<String> described = new ArrayList<>();
    Set<ModuleReference> all;
    try {
      all = finder.findAll();
    } catch (FindException e) {
      throw new AppException(path + ": a jar there is not a valid module: " + e.getMessage(), e);
    }
    for (ModuleReference module : all) {
      for (ModuleDescriptor.Provides p : module.descriptor().provides()) {
        if (p.service().equals(SERVICE)) {
          providers.add(module);
          for (String impl : p.providers()) {
            described.add(impl + " in module " + module.descriptor().name());
          }
        }
      }
    }
    if (described.isEmpty()) {
      throw new AppException(
          path
              + ": no io.lightwire.firmware.Application there; expected "
              + AppJars.EXPECTED
              + " (module-info.java: provides io.lightwire.firmware.Application with"
              + " your.Class;)",
          null);
    }
    if (described.size() > 1) {
      throw new AppException(
          path
              + ": two or more applications found: "
              + String.join(", ", described)
              + "; expected exactly one",
          null);
    }
    return providers.getFirst();
  }

  private static String providerClass(ModuleReference module) {
    for (ModuleDescriptor.Provides p : module.descriptor().provides()) {
      if (p.service().equals(SERVICE)) {
        return p.providers().getFirst();
      }
    }
    throw new IllegalStateException("no provider in " + module.descriptor().name());
  }

  private static Application fromLayer(Configuration graph, String root) throws AppException {
    ModuleLayer parent = Application.class.getModule().getLayer();
    ModuleLayer layer;
    try {
      layer =
          ModuleLayer.defineModulesWithOneLoader(
                  graph, List.of(parent), Application.class.getClassLoader())
              .layer();
    } catch (LayerInstantiationException | SecurityException e) {
      throw new AppException("the application's modules cannot be loaded: " + e.getMessage(), e);
    }
    for (Application a : ServiceLoader.load(layer, Application.class)) {
      if (a.getClass().getModule().getLayer() == layer
          && a.getClass().getModule().getName().equals(root)) {
        return a;
      }
    }
    throw new AppException("module " + root + " declares an Application it does not load", null);
  }

  private static Application fromClassLoader(List<Path> jars, String className, Path path)
      throws AppException {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new AppException("bad jar path " + jar + ": " + e.getMessage(), e);
      }
    }
    // Never closed: the application's classes live as long as the firmware.
    @SuppressWarnings("resource")
    URLClassLoader loader =
        new URLClassLoader(
            "lightwire-app", urls.toArray(URL[]::new), Application.class.getClassLoader());
    try {
      Class<?> type = Class.forName(className, true, loader);
      return (Application) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new AppException(path + ": cannot make " + className + ": " + e, e);
    }
  }

  /** The name of the module in {@code jar}, or empty when it is not a valid module. */
  public static Optional<String> moduleName(Path jar) {
    try {
      return ModuleFinder.of(jar).findAll().stream().map(m -> m.descriptor().name()).findFirst();
    } catch (FindException e) {
      return Optional.empty(); // not a module: the finder over all the jars reports it
    }
  }

  /**
   * The modules the firmware runs on: its module layer's configuration (a modular run) or, on the
   * class path, the system modules plus the class path's entries that are modules.
   */
  private record Platform(Configuration configuration, ModuleFinder extra, boolean modular) {
    // extra: on the class path, the class path's entries that are modules (their names only
    // matter: they satisfy an application's `requires`).

    static Platform current() {
      Module firmware = Application.class.getModule();
      if (firmware.isNamed()) {
        return new Platform(firmware.getLayer().configuration(), ModuleFinder.of(), true);
      }
      List<Path> entries = new ArrayList<>();
      Set<String> names = new TreeSet<>();
      String classPath = System.getProperty("java.class.path", "");
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path p = Path.of(entry);
        try {
          for (ModuleReference m : ModuleFinder.of(p).findAll()) {
            if (names.add(m.descriptor().name())) {
              entries.add(p);
            }
          }
        } catch (FindException | SecurityException e) {
          // not usable as a module: it cannot satisfy a `requires` either
        }
      }
      return new Platform(
          ModuleLayer.boot().configuration(), ModuleFinder.of(entries.toArray(Path[]::new)), false);
    }

    boolean has(String module) {
      if (configuration.findModule(module).isPresent()) {
        return true;
      }
      return extra.find(module).isPresent();
    }
  }
}
