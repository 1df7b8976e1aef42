package io.lightwire.firmware.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars an application path names ({@code --app}, {@code app.path}, {@code bundle --app}):
 *
 * <ul>
 *   <li>a jar: that jar, and the jars in a {@code lib/} folder next to it (its runtime
 *       dependencies, as {@code lightwire new}'s project copies them);
 *   <li>a Maven project folder (it has a {@code pom.xml}): the jars in its {@code target/} (not the
 *       sources, javadoc or test jars) and in {@code target/lib/};
 *   <li>any other folder: its jars, and those in its {@code lib/}.
 * </ul>
 */
public final class AppJars {

  private AppJars() {}

  /**
   * The jars at {@code path}, sorted.
   *
   * @throws AppException when there is nothing at the path, or no jar at all
   */
  public static List<Path> at(Path path) throws AppException {
    List<Path> jars = new ArrayList<>();
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar")) {
      jars.add(path);
      addFolder(path.toAbsolutePath().getParent().resolve("lib"), jars);
      return jars;
    }
    if (!Files.isDirectory(path)) {
      throw new AppException(
          path
              + ": "
              + (Files.exists(path) ? "not a jar" : "nothing there")
              + "; expected "
              + EXPECTED,
          null);
    }
    Path folder = Files.isRegularFile(path.resolve("pom.xml")) ? path.resolve("target") : path;
    addFolder(folder, jars);
    addFolder(folder.resolve("lib"), jars);
    if (jars.isEmpty()) {
      throw new AppException(
          path
              + ": no jar in "
              + folder
              + (folder.equals(path) ? "" : " (build it first: ./mvnw package)")
              + "; expected "
              + EXPECTED,
          null);
    }
    return jars;
  }

  /** What an application path must be, for messages. */
  static final String EXPECTED =
      "the application's jar, a folder of jars, or its Maven project folder (with target/), with a"
          + " module that provides io.lightwire.firmware.Application";

  private static void addFolder(Path folder, List<Path> jars) throws AppException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(f -> Files.isRegularFile(f) && isApplicationJar(f.getFileName().toString()))
          .sorted()
          .forEach(jars::add);
    } catch (IOException e) {
      throw new AppException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static boolean isApplicationJar(String name) {
    return name.endsWith(".jar")
        && !name.endsWith("-sources.jar")
        && !name.endsWith("-javadoc.jar")
        && !name.endsWith("-tests.jar");
  }
}
