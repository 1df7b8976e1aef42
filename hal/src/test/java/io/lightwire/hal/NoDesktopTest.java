package io.lightwire.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The board runtime must not need java.desktop: no main class refers to AWT or ImageIO. */
class NoDesktopTest {

  @Test
  void noMainClassReferencesJavaDesktop() throws IOException {
    Path classes = Path.of("target/classes");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(
                  p -> {
                    try {
                      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                      return text.contains("java/awt/") || text.contains("javax/imageio/");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void theResolvedRuntimeGraphOfHalAndItsDependenciesLeavesJavaDesktopOut() {
    java.util.List<Path> path = new java.util.ArrayList<>();
    path.add(Path.of("target/classes"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.contains("pi4j-core") || entry.contains("slf4j-api")) {
        path.add(Path.of(entry));
      }
    }
    assertEquals(3, path.size(), path.toString());
    java.lang.module.Configuration cf =
        java.lang.module.Configuration.resolve(
            java.lang.module.ModuleFinder.of(path.toArray(Path[]::new)),
            List.of(ModuleLayer.boot().configuration()),
            java.lang.module.ModuleFinder.of(),
            List.of("io.lightwire.hal"));
    java.util.Set<String> graph = new java.util.TreeSet<>();
    java.util.ArrayDeque<java.lang.module.ResolvedModule> todo =
        new java.util.ArrayDeque<>(cf.modules());
    while (!todo.isEmpty()) {
      java.lang.module.ResolvedModule m = todo.pop();
      if (graph.add(m.name())) {
        todo.addAll(m.reads());
      }
    }
    assertTrue(graph.contains("com.pi4j"), graph.toString());
    assertTrue(!graph.contains("java.desktop"), graph.toString());
  }

  @Test
  void theModuleDescriptorDoesNotRequireJavaDesktop() throws IOException {
    try (var in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      ModuleDescriptor d = ModuleDescriptor.read(in);
      assertEquals("io.lightwire.hal", d.name());
      assertTrue(d.requires().stream().noneMatch(r -> r.name().equals("java.desktop")));
    }
  }
}
