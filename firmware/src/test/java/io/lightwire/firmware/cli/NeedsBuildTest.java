package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/needs-build}: when {@code ./lightwire} rebuilds before running. */
class NeedsBuildTest {

  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bin/needs-build");

  @TempDir Path root;
  private Path stamp;
  private final Instant built = Instant.now().minusSeconds(3600);

  @BeforeEach
  void tree() throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    for (String module : new String[] {"websock", "hal", "boards", "firmware", "examples"}) {
      Path src = Files.createDirectories(root.resolve(module + "/src/main/java/x"));
      Files.writeString(src.resolve("A.java"), "class A {}");
      Files.createDirectories(root.resolve(module + "/src/main/resources"));
      Files.createDirectories(root.resolve(module + "/target"));
      Files.writeString(root.resolve(module + "/pom.xml"), "<project/>");
    }
    stamp = root.resolve("examples/target/stamp");
    Files.writeString(stamp, "");
    try (var files = Files.walk(root)) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(built.minusSeconds(60)));
      }
    }
    Files.setLastModifiedTime(stamp, FileTime.from(built));
  }

  private int run() throws Exception {
    Process p =
        new ProcessBuilder("bash", SCRIPT.toString(), root.toString(), stamp.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }

  private void touch(String relative) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(file, "x");
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
  }

  @Test
  void aCurrentBuildIsKept() throws Exception {
    assertEquals(1, run());
  }

  @Test
  void aMissingStampBuilds() throws Exception {
    Files.delete(stamp);
    assertEquals(0, run());
  }

  @Test
  void aChangedSourcePomOrResourceBuilds() throws Exception {
    touch("hal/src/main/java/x/A.java");
    assertEquals(0, run());
    tree();
    touch("firmware/pom.xml");
    assertEquals(0, run());
    tree();
    touch("pom.xml");
    assertEquals(0, run());
    tree();
    touch("firmware/src/main/resources/web/index.html");
    assertEquals(0, run());
  }

  @Test
  void changesUnderTargetOrToOtherFilesDoNot() throws Exception {
    touch("websock/target/classes/B.java");
    touch("websock/README.md");
    assertEquals(1, run());
  }
}
