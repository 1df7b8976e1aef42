package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Version;
import io.lightwire.firmware.bundle.TestBundles;
import io.lightwire.firmware.cli.CliRun;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's path end to end, on loopback: {@code lightwire new} makes a project; its own {@code
 * ./mvnw verify} builds it and runs its HIL test (offline, Lightwire from a temporary local
 * repository filled from this build, everything else from the user's {@code ~/.m2} read-only);
 * {@code lightwire bundle --app} bundles it; {@code lightwire flash} puts it on the SSH test board,
 * where the application's stream answers over REST. Then a second release whose application throws
 * in {@code start} is flashed: its firmware serves, but the health check wants the application
 * running, so it is rolled back to the first.
 */
@Tag("process")
class AppEndToEndTest {

  private final CliRun cli = new CliRun();

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

  @TempDir Path dir;
  private TestBoard board;
  private Path knownHosts;

  @BeforeEach
  void startBoard() throws Exception {
    board = new TestBoard(dir.resolve("board"));
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, board.knownHostsLine(board.hostKey));
  }

  @AfterEach
  void stopBoard() throws Exception {
    board.close();
  }

  @Test
  void newBuildTestBundleFlashThenAFailingApplicationIsRolledBack() throws Exception {
    Path repository = localRepository(dir.resolve("m2"));
    Path project = dir.resolve("greenhouse");
    assertEquals(
        0,
        cli.run(
            "new",
            "greenhouse",
            "--dir",
            project.toString(),
            "--local-repository",
            repository.toString()),
        cli.err());
    assertTrue(Files.isExecutable(project.resolve("mvnw")));

    String verify = maven(project, repository, "verify");
    assertTrue(
        Files.readString(
                project.resolve(
                    "target/surefire-reports/com.example.greenhouse.GreenhouseAppTest.txt"))
            .contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"),
        verify);

    TestBundles bundles = new TestBundles(dir.resolve("bundles"));
    int port = freePort();
    String config = "server.bind = 127.0.0.1\nserver.port = " + port + "\napp.heartbeat-ms = 50\n";
    Path good = bundles.bundle("1.0.0", "emulated", config, "good", "--app", project.toString());
    assertEquals(0, flash(good, 60), cli.out() + "\n" + cli.err());
    String stream = get(port, "/streams/button");
    assertTrue(stream.matches("\\{\"presses\":0,\"heartbeats\":[0-9]+,\"led\":false\\}"), stream);
    assertTrue(get(port, "/status").contains("\"name\":\"greenhouse\""));

    // A config key the application does not declare is refused when bundling, not on the board.
    Path typo = dir.resolve("typo.properties");
    Files.writeString(typo, config + "app.heartbeat = 50\n");
    int refused =
        cli.run(
            "bundle",
            "--board",
            "emulated",
            "--config",
            typo.toString(),
            "--module-path",
            bundles.modulePath("1.0.0"),
            "--app",
            project.toString(),
            "-o",
            dir.resolve("typo.tar.gz").toString());
    assertEquals(2, refused, cli.err());
    assertTrue(cli.err().contains("unknown config key 'app.heartbeat' in " + typo), cli.err());

    // The second release: the same project, its start now throws.
    Path source = project.resolve("src/main/java/com/example/greenhouse/GreenhouseApp.java");
    Files.writeString(
        source,
        Files.readString(source)
            .replace(
                "    Gpio gpio = firmware.gpio();",
                "    if (gpio() == null) {\n"
                    + "      throw new IllegalStateException(\"e2e: the sensor is missing\");\n"
                    + "    }\n"
                    + "    Gpio gpio = firmware.gpio();")
            .replace(
                "  @Override\n  public String name() {",
                "  private static Object gpio() {\n    return null;\n  }\n\n"
                    + "  @Override\n  public String name() {"));
    maven(project, repository, "-DskipTests", "package");
    Path failing =
        bundles.bundle("2.0.0", "emulated", config, "failing", "--app", project.toString());
    String release1 = "releases/" + Flasher.BundleInfo.read(good).release();
    assertEquals(1, flash(failing, 10), cli.out());
    assertTrue(cli.out().contains("the application is failed, expected running"), cli.out());
    assertTrue(cli.out().contains("rolled back: the board runs " + release1 + " again"));
    assertEquals(release1, board.current());
    assertTrue(get(port, "/streams/button").contains("\"presses\":0"), "release 1 serves again");
    assertTrue(
        Files.readString(board.home.resolve("firmware.log")).contains("e2e: the sensor is missing"),
        "release 2 really failed in start");
  }

  private int flash(Path bundle, int healthSeconds) {
    return cli.run(board.flashArgs(knownHosts, bundle, healthSeconds).toArray(String[]::new));
  }

  /**
   * Runs the project's own {@code ./mvnw} offline, with {@code repository} in front of the user's
   * {@code ~/.m2} (Maven 3.9's chained local repository: read-only, nothing is written to it).
   *
   * @return its output
   */
  private static String maven(Path project, Path repository, String... goals) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                project.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-o",
                "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail="
                    + Path.of(System.getProperty("user.home"), ".m2", "repository")));
    command.addAll(List.of(goals));
    Path log = project.resolve("maven.log");
    Process process =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertTrue(
          process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
          "the project's build took longer than " + BUILD_TIMEOUT);
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /**
   * A local Maven repository holding this build's Lightwire artifacts (poms, and jars from this
   * test's runtime class path, the firmware's from its classes), so the project's build needs no
   * {@code install} and never writes Lightwire snapshots into {@code ~/.m2}.
   */
  private static Path localRepository(Path repository) throws IOException {
    String version = Version.current().equals("dev") ? projectVersion() : Version.current();
    Path root = Path.of("..").toAbsolutePath().normalize();
    put(repository, "lightwire-parent", version, root.resolve("pom.xml"), null);
    put(repository, "lightwire-bom", version, root.resolve("bom/pom.xml"), null);
    String classPath = Files.readString(Path.of("target/runtime-class-path.txt")).strip();
    for (String module : List.of("websock", "hal", "boards")) {
      Path jar = null;
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.contains("lightwire-" + module)
            || entry.contains("/" + module + "/target/classes")) {
          jar = Path.of(entry);
        }
      }
      if (jar == null) {
        throw new IOException("lightwire-" + module + " is not on the runtime class path");
      }
      put(repository, "lightwire-" + module, version, root.resolve(module + "/pom.xml"), jar);
    }
    put(
        repository,
        "lightwire-firmware",
        version,
        root.resolve("firmware/pom.xml"),
        Path.of("target/classes"));
    return repository;
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    int start = pom.indexOf("<version>") + "<version>".length();
    return pom.substring(start, pom.indexOf("</version>", start)).strip();
  }

  private static void put(Path repository, String artifact, String version, Path pom, Path jar)
      throws IOException {
    Path folder =
        Files.createDirectories(repository.resolve("io/lightwire/" + artifact + "/" + version));
    Files.copy(
        pom,
        folder.resolve(artifact + "-" + version + ".pom"),
        StandardCopyOption.REPLACE_EXISTING);
    if (jar == null) {
      return;
    }
    Path target = folder.resolve(artifact + "-" + version + ".jar");
    if (Files.isDirectory(jar)) {
      StringWriter errors = new StringWriter();
      int status =
          ToolProvider.findFirst("jar")
              .orElseThrow()
              .run(
                  new PrintWriter(new StringWriter()),
                  new PrintWriter(errors),
                  "--create",
                  "--file",
                  target.toString(),
                  "--module-version",
                  version,
                  "-C",
                  jar.toString(),
                  ".");
      if (status != 0) {
        throw new IOException("jar failed: " + errors);
      }
    } else {
      Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String get(int port, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), path + ": " + response.body());
      return response.body();
    }
  }
}
