package io.lightwire.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every package a module exports (its published API, and its javadoc jar) has a {@code
 * package-info.java} with a Javadoc comment. Reads the reactor's sources: the examples module's
 * tests run in {@code examples/}, one level below the project.
 */
class ExportedPackagesTest {

  private static final List<String> MODULES =
      List.of("websock", "hal", "boards", "firmware", "examples");
  private static final Pattern EXPORTS = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)");

  @Test
  void everyExportedPackageHasAPackageComment() throws Exception {
    Path project = Path.of("..").toAbsolutePath().normalize();
    List<String> exported = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    for (String module : MODULES) {
      Path sources = project.resolve(module).resolve("src/main/java");
      String descriptor = Files.readString(sources.resolve("module-info.java"));
      Matcher m = EXPORTS.matcher(descriptor);
      while (m.find()) {
        String pkg = m.group(1);
        exported.add(pkg);
        Path info = sources.resolve(pkg.replace('.', '/')).resolve("package-info.java");
        if (!Files.isRegularFile(info)
            || !Files.readString(info).strip().startsWith("/**")
            || !Files.readString(info).contains("package " + pkg + ";")) {
          undocumented.add(module + ": " + pkg);
        }
      }
    }
    assertTrue(exported.size() >= 12, "the modules export their API packages: " + exported);
    assertEquals(List.of(), undocumented, "exported packages without a package-info Javadoc");
  }
}
