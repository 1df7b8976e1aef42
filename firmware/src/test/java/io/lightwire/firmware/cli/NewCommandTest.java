package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire new} refuses what it cannot make (exit 2, nothing written) and, with Lightwire
 * in the local repository, writes the project without installing anything. Building the project is
 * {@code flash.AppEndToEndTest}'s job.
 */
class NewCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LightwireCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aNameThatIsNotAnArtifactIdIsRefused() {
    assertEquals(2, run("new", "My Project", "--dir", dir.resolve("p").toString()));
    assertTrue(err.toString().contains("NAME 'My Project' must be 1 to 64 lower case letters"));
    assertFalse(Files.exists(dir.resolve("p")));
  }

  @Test
  void aBadPackageIsRefused() {
    assertEquals(2, run("new", "ok", "--dir", dir.resolve("p").toString(), "--package", "Bad"));
    assertTrue(err.toString().contains("--package 'Bad' must be a dotted lower case Java package"));
  }

  @Test
  void anExistingFolderIsNeverOverwritten() throws Exception {
    Path existing = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(existing.resolve("keep.txt"), "mine");
    assertEquals(2, run("new", "mine", "--dir", existing.toString()));
    assertTrue(err.toString().contains(existing + " exists already"), err.toString());
    assertEquals("mine", Files.readString(existing.resolve("keep.txt")));
  }

  @Test
  void withLightwireInstalledItWritesTheProjectWithThePackageAndNoInstall() throws Exception {
    Path repo = dir.resolve("m2");
    String version = "0.1.0-SNAPSHOT";
    Path bom = repo.resolve("io/lightwire/lightwire-bom/" + version);
    Path firmware = repo.resolve("io/lightwire/lightwire-firmware/" + version);
    Files.createDirectories(bom);
    Files.createDirectories(firmware);
    Files.writeString(bom.resolve("lightwire-bom-" + version + ".pom"), "<project/>");
    Files.writeString(firmware.resolve("lightwire-firmware-" + version + ".jar"), "");
    Path project = dir.resolve("plant-watch");
    assertEquals(
        0,
        run(
            "new",
            "plant-watch",
            "--dir",
            project.toString(),
            "--package",
            "org.example.plants",
            "--local-repository",
            repo.toString()),
        err.toString());
    assertFalse(out.toString().contains("installing"), out.toString());
    String app =
        Files.readString(project.resolve("src/main/java/org/example/plants/PlantWatchApp.java"));
    assertTrue(app.contains("public final class PlantWatchApp implements Application"));
    assertTrue(
        Files.readString(project.resolve("src/main/java/module-info.java"))
            .contains(
                "provides io.lightwire.firmware.Application with\n      org.example.plants.PlantWatchApp;"));
    String pom = Files.readString(project.resolve("pom.xml"));
    assertTrue(pom.contains("<artifactId>lightwire-bom</artifactId>"), pom);
    assertTrue(pom.contains("<lightwire.version>" + version + "</lightwire.version>"), pom);
    assertFalse(pom.matches("(?s).*@[A-Z_]+@.*"), "every placeholder filled: " + pom);
    assertTrue(Files.isExecutable(project.resolve("mvnw")));
    assertTrue(Files.isExecutable(project.resolve("bin/find-jdk")));
    assertEquals(
        "org.example.plants.PlantWatchApp\n",
        Files.readString(
            project.resolve(
                "src/main/resources/META-INF/services/io.lightwire.firmware.Application")));
  }
}
