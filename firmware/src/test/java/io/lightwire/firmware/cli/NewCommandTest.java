package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire new} refuses what it cannot make (exit 2, nothing written) and, with Lightwire
 * in the local repository, writes the project without installing anything; with Lightwire missing
 * it says so and runs the checkout's {@code ./mvnw install} into that repository (here a fake
 * checkout whose {@code mvnw} records its arguments, so nothing is built and {@code ~/.m2} is never
 * touched). Building the project is {@code flash.AppEndToEndTest}'s job.
 */
class NewCommandTest {

  private final CliRun cli = new CliRun();

  @TempDir Path dir;

  @Test
  void aNameThatIsNotAnArtifactIdIsRefused() {
    assertEquals(2, cli.run("new", "My Project", "--dir", dir.resolve("p").toString()));
    assertTrue(cli.err().contains("NAME 'My Project' must be 1 to 64 lower case letters"));
    assertFalse(Files.exists(dir.resolve("p")));
  }

  @Test
  void aBadPackageIsRefused() {
    assertEquals(2, cli.run("new", "ok", "--dir", dir.resolve("p").toString(), "--package", "Bad"));
    assertTrue(cli.err().contains("--package 'Bad' must be a dotted lower case Java package"));
  }

  @Test
  void anExistingFolderIsNeverOverwritten() throws Exception {
    Path existing = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(existing.resolve("keep.txt"), "mine");
    assertEquals(2, cli.run("new", "mine", "--dir", existing.toString()));
    assertTrue(cli.err().contains(existing + " exists already"), cli.err());
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
        cli.run(
            "new",
            "plant-watch",
            "--dir",
            project.toString(),
            "--package",
            "org.example.plants",
            "--local-repository",
            repo.toString()),
        cli.err());
    assertFalse(cli.out().contains("installing"), cli.out());
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

  private static final String VERSION = "0.1.0-SNAPSHOT";

  /**
   * {@code new plant-watch} into {@code project}, with {@code repo} and the fake {@code checkout}.
   */
  private int runNew(Path project, Path repo, Path checkout) {
    return cli.run(
        "new",
        "plant-watch",
        "--dir",
        project.toString(),
        "--local-repository",
        repo.toString(),
        "--checkout",
        checkout.toString());
  }

  /**
   * A checkout whose {@code mvnw} writes its working folder and arguments to {@code mvnw-args.txt},
   * then (with {@code installs}) lays the BOM and the firmware jar into the {@code
   * -Dmaven.repo.local} repository as an install would, or fails with a line of output.
   */
  private Path fakeCheckout(boolean installs) throws IOException {
    Path root = Files.createDirectories(dir.resolve("checkout"));
    String script =
        "#!/bin/sh\n"
            + "printf '%s\\n' \"$PWD\" \"$@\" > \"$(dirname \"$0\")/mvnw-args.txt\"\n"
            + (installs
                ? "for a in \"$@\"; do case \"$a\" in -Dmaven.repo.local=*) r=\"${a#*=}\";; esac; done\n"
                    + "v="
                    + VERSION
                    + "\n"
                    + "mkdir -p \"$r/io/lightwire/lightwire-bom/$v\""
                    + " \"$r/io/lightwire/lightwire-firmware/$v\" || exit 3\n"
                    + "echo '<project/>' > \"$r/io/lightwire/lightwire-bom/$v/lightwire-bom-$v.pom\"\n"
                    + ": > \"$r/io/lightwire/lightwire-firmware/$v/lightwire-firmware-$v.jar\"\n"
                    + "exit 0\n"
                : "echo 'BUILD FAILURE (fake)'\nexit 1\n");
    Files.writeString(root.resolve("mvnw"), script);
    Files.setPosixFilePermissions(
        root.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/find-jdk"), "#!/bin/sh\n");
    Files.createDirectories(root.resolve(".mvn/wrapper"));
    Files.writeString(root.resolve(".mvn/wrapper/maven-wrapper.properties"), "");
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    return root;
  }

  @Test
  void withLightwireMissingItSaysSoAndInstallsIntoThatRepositoryFromTheCheckout() throws Exception {
    Path checkout = fakeCheckout(true);
    Path repo = dir.resolve("empty-m2");
    Path project = dir.resolve("plant-watch");
    assertEquals(0, runNew(project, repo, checkout), cli.err());
    assertTrue(
        cli.out()
            .contains(
                "Lightwire "
                    + VERSION
                    + " is not in the local Maven repository ("
                    + repo
                    + "); installing it from "
                    + checkout
                    + " with ./mvnw install"),
        cli.out());
    List<String> args = Files.readAllLines(checkout.resolve("mvnw-args.txt"));
    assertEquals(checkout.toRealPath().toString(), Path.of(args.get(0)).toRealPath().toString());
    assertTrue(args.contains("install"), args.toString());
    assertTrue(args.contains("-DskipTests"), args.toString());
    assertTrue(args.contains("-Dmaven.repo.local=" + repo.toAbsolutePath()), args.toString());
    assertTrue(NewCommand.installed(repo, VERSION), "the install filled the given repository");
    assertTrue(cli.out().contains("made " + project), cli.out());
    assertTrue(Files.isRegularFile(project.resolve("pom.xml")));
  }

  @Test
  void withLightwirePresentTheCheckoutsMvnwNeverRuns() throws Exception {
    Path checkout = fakeCheckout(true);
    Path repo = dir.resolve("m2");
    Path bom = Files.createDirectories(repo.resolve("io/lightwire/lightwire-bom/" + VERSION));
    Path firmware =
        Files.createDirectories(repo.resolve("io/lightwire/lightwire-firmware/" + VERSION));
    Files.writeString(bom.resolve("lightwire-bom-" + VERSION + ".pom"), "<project/>");
    Files.writeString(firmware.resolve("lightwire-firmware-" + VERSION + ".jar"), "");
    assertEquals(0, runNew(dir.resolve("plant-watch"), repo, checkout), cli.err());
    assertFalse(Files.exists(checkout.resolve("mvnw-args.txt")), "mvnw ran though nothing missed");
    assertFalse(cli.out().contains("installing"), cli.out());
  }

  @Test
  void withOnlyTheBomPresentItStillInstalls() throws Exception {
    Path checkout = fakeCheckout(true);
    Path repo = dir.resolve("m2");
    Path bom = Files.createDirectories(repo.resolve("io/lightwire/lightwire-bom/" + VERSION));
    Files.writeString(bom.resolve("lightwire-bom-" + VERSION + ".pom"), "<project/>");
    assertEquals(0, runNew(dir.resolve("plant-watch"), repo, checkout), cli.err());
    assertTrue(Files.exists(checkout.resolve("mvnw-args.txt")), "a missing firmware jar installs");
  }

  @Test
  void aFailedInstallExitsOneKeepingTheProjectAndNamesTheLog() throws Exception {
    Path checkout = fakeCheckout(false);
    Path project = dir.resolve("plant-watch");
    assertEquals(1, runNew(project, dir.resolve("empty-m2"), checkout));
    Path log = checkout.resolve(NewCommand.INSTALL_LOG);
    assertTrue(
        cli.err().contains("./mvnw install of Lightwire failed; its output is in " + log),
        cli.err());
    assertTrue(Files.readString(log).contains("BUILD FAILURE (fake)"));
    assertTrue(Files.isRegularFile(project.resolve("pom.xml")), "the project is kept");
  }
}
