package io.lightwire.firmware.bundle;

import io.lightwire.firmware.app.AppException;
import io.lightwire.firmware.app.AppJars;
import io.lightwire.firmware.app.AppLoader;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The application a bundle carries ({@code bundle --app}): its module and the jars of its graph
 * that the firmware's graph does not already hold, resolved against the firmware's modules exactly
 * as {@code run --app} will on the board. They go to {@code app/} in the bundle, and the bundled
 * config says {@code app.path = ../app}.
 *
 * @param module the module that provides {@code io.lightwire.firmware.Application}
 * @param version that module's version ({@code dev} when its jar has none)
 * @param jars the application's jars, sorted
 * @param jdkModules the JDK modules those jars require (added to a {@code --runtime} image)
 */
public record BundledApp(String module, String version, List<Path> jars, Set<String> jdkModules) {

  /** Where the application's jars go in a bundle. */
  public static final String FOLDER = "app";

  /**
   * Resolves the application at {@code path} on top of {@code firmware}.
   *
   * @throws BundleException naming the path and what was expected, or the missing module
   */
  public static BundledApp resolve(Path path, AppModules firmware) throws BundleException {
    try {
      Set<String> platform = new HashSet<>();
      for (Path jar : firmware.jars()) {
        AppLoader.moduleName(jar).ifPresent(platform::add);
      }
      List<Path> own = new ArrayList<>();
      for (Path jar : AppJars.at(path)) {
        Optional<String> name = AppLoader.moduleName(jar);
        if (name.isEmpty() || !platform.contains(name.get())) {
          own.add(jar.toAbsolutePath()); // compared with the resolver's locations, absolute
        }
      }
      ModuleFinder finder = ModuleFinder.of(own.toArray(Path[]::new));
      ModuleReference provider = AppLoader.provider(path, finder);
      String root = provider.descriptor().name();
      Configuration jdk =
          Configuration.empty()
              .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), AppModules.systemModuleNames());
      Configuration graph;
      try {
        graph =
            jdk.resolve(
                ModuleFinder.compose(ModuleFinder.of(firmware.jars().toArray(Path[]::new)), finder),
                ModuleFinder.of(),
                Set.of(root));
      } catch (FindException | ResolutionException e) {
        throw new BundleException(AppLoader.unresolved(path, root, e), e);
      }
      List<Path> jars = new ArrayList<>();
      Set<String> jdkModules = new java.util.TreeSet<>();
      Set<String> system = AppModules.systemModuleNames();
      for (ResolvedModule m : graph.modules()) {
        Optional<Path> location = m.reference().location().map(Path::of).filter(own::contains);
        if (location.isEmpty()) {
          continue;
        }
        jars.add(location.get());
        for (var requires : m.reference().descriptor().requires()) {
          if (system.contains(requires.name())
              && !requires
                  .modifiers()
                  .contains(java.lang.module.ModuleDescriptor.Requires.Modifier.STATIC)) {
            jdkModules.add(requires.name());
          }
        }
      }
      jars.sort(null);
      String version = provider.descriptor().rawVersion().orElse("dev");
      return new BundledApp(root, version, List.copyOf(jars), Set.copyOf(jdkModules));
    } catch (AppException e) {
      throw new BundleException(e.getMessage(), e);
    }
  }
}
