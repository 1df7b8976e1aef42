package io.lightwire.firmware.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.cli.LightwireCli;
import io.lightwire.firmware.flash.FlashException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire bundle}: the archive is read by the system's own {@code tar} and {@code
 * sha256sum}, and its launcher is run with a real and a too-old Java.
 */
@Tag("process")
class BundleTest {

  @TempDir static Path work;
  private static TestBundles maker;
  private static Path pi5;
  private static Path unpacked;

  @TempDir Path dir;

  @BeforeAll
  static void bundleOnce() throws Exception {
    maker = new TestBundles(work);
    pi5 = maker.bundle("1.2.3", "pi5", "server.port = 8088\n", "pi5");
    unpacked = Files.createDirectories(work.resolve("unpacked"));
    assertEquals(0, run(work, "tar", "-xzf", pi5.toString(), "-C", unpacked.toString()).status);
  }

  private record Ran(int status, String output) {}

  private static Ran run(Path cwd, String... command) throws Exception {
    return run(cwd, Map.of(), command);
  }

  /** The unpacked bundle's {@code bin/lightwire ARGS} on this JDK ({@code JAVA_HOME}). */
  private static Ran launcher(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "bin/lightwire";
    System.arraycopy(args, 0, command, 1, args.length);
    return run(unpacked, Map.of("JAVA_HOME", System.getProperty("java.home")), command);
  }

  private static Ran run(Path cwd, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.redirectErrorStream(true);
    builder.environment().remove("JAVA_HOME");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Ran(process.exitValue(), output);
  }

  @Test
  void everyFileMatchesItsSha256AndEveryFileIsListed() throws Exception {
    Ran check = run(unpacked, "sha256sum", "-c", "--strict", "SHA256SUMS");
    assertEquals(0, check.status(), check.output());
    List<String> listed =
        Files.readAllLines(unpacked.resolve("SHA256SUMS")).stream()
            .map(l -> l.substring(66))
            .toList();
    try (Stream<Path> files = Files.walk(unpacked)) {
      List<String> present =
          files
              .filter(Files::isRegularFile)
              .map(f -> unpacked.relativize(f).toString())
              .filter(n -> !n.equals("SHA256SUMS"))
              .sorted()
              .toList();
      assertEquals(present, listed);
    }
  }

  @Test
  void theManifestNamesVersionBoardAndAContentRelease() throws Exception {
    String manifest = Files.readString(unpacked.resolve("MANIFEST"));
    assertTrue(manifest.contains("\nversion=1.2.3\n"), manifest);
    assertTrue(manifest.contains("\nboard=pi5\n"), manifest);
    assertTrue(manifest.matches("(?s).*\nrelease=1\\.2\\.3-[0-9a-f]{12}\n.*"), manifest);
    assertTrue(manifest.contains("runtime=none"), manifest);
  }

  @Test
  void onlyTheFirmwaresModuleGraphIsBundled() throws Exception {
    List<String> jars;
    try (Stream<Path> lib = Files.list(unpacked.resolve("lib"))) {
      jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("lightwire-firmware-")), jars.toString());
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("bctls-")), jars.toString());
    assertTrue(jars.stream().anyMatch(j -> j.startsWith("slf4j-jdk14-")), "service provider");
    assertTrue(
        jars.stream().anyMatch(j -> j.startsWith("org.eclipse.paho.client.mqttv3-")),
        "the MQTT bridge's client, an automatic module: " + jars);
    for (String absent : List.of("junit", "sshd", "selenium", "opentest4j", "jcl-over")) {
      assertTrue(jars.stream().noneMatch(j -> j.contains(absent)), absent + " in " + jars);
    }
  }

  @Test
  void anExamplesModuleThatRequiresABenchmarkLibraryIsRefused() throws Exception {
    // A benchmark jar (JMH's automatic module name) and an examples module that requires it.
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path jmhClasses = Files.createDirectories(dir.resolve("jmh/org/openjdk/jmh"));
    Files.write(jmhClasses.resolve("Marker.class"), classFile("org.openjdk.jmh.Marker"));
    Path manifest = dir.resolve("jmh.mf");
    Files.writeString(manifest, "Automatic-Module-Name: jmh.core\n");
    run(
        dir,
        "jar",
        "--create",
        "--file",
        lib.resolve("jmh-core-1.37.jar").toString(),
        "--manifest",
        manifest.toString(),
        "-C",
        dir.resolve("jmh").toString(),
        ".");
    Path examples = Files.createDirectories(dir.resolve("examples"));
    Files.write(
        examples.resolve("module-info.class"),
        java.lang.classfile.ClassFile.of()
            .buildModule(
                java.lang.classfile.attribute.ModuleAttribute.of(
                    java.lang.constant.ModuleDesc.of(AppModules.EXAMPLES),
                    m ->
                        m.requires(java.lang.constant.ModuleDesc.of("java.base"), 0, null)
                            .requires(java.lang.constant.ModuleDesc.of("jmh.core"), 0, null))));
    TestBundles.jar(examples, lib.resolve("lightwire-examples.jar"), null);
    TestBundles.jar(TestBundles.firmwareClasses(), lib.resolve("lightwire-firmware.jar"), null);
    Ran bundle =
        cli(
            "bundle",
            "--board",
            "pi5",
            "--module-path",
            lib + ":" + work.resolve("deps"),
            "-o",
            dir.resolve("x.tar.gz").toString());

    assertEquals(1, bundle.status(), bundle.output());
    assertTrue(
        bundle
            .output()
            .contains(
                "Module jmh.core not found, required by io.lightwire.examples: jmh.core is a"
                    + " benchmark, test or laptop library and never goes on a board"),
        bundle.output());
    assertFalse(Files.exists(dir.resolve("x.tar.gz")));
  }

  private static byte[] classFile(String name) {
    return java.lang.classfile.ClassFile.of().build(java.lang.constant.ClassDesc.of(name), c -> {});
  }

  @Test
  void theConfigIsTheUsersPlusTheBoard() throws Exception {
    String config = Files.readString(unpacked.resolve("config/lightwire.properties"));
    assertEquals("server.port = 8088\nboard = pi5\n", config);
  }

  @Test
  void theUnitRunsTheCurrentReleaseAsADynamicUserWithHardening() throws Exception {
    String unit = Files.readString(unpacked.resolve("systemd/lightwire.service"));
    for (String line :
        List.of(
            "ExecStart=@LIGHTWIRE_HOME@/current/bin/lightwire run --config"
                + " @LIGHTWIRE_HOME@/current/config/lightwire.properties",
            "DynamicUser=yes",
            "Type=notify",
            "NotifyAccess=main",
            "WatchdogSec=30",
            "StateDirectory=lightwire",
            "Environment=XDG_STATE_HOME=%S",
            "Restart=on-failure",
            "RestartPreventExitStatus=2 3",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "CapabilityBoundingSet=",
            "SupplementaryGroups=gpio i2c spi video",
            "WantedBy=multi-user.target")) {
      assertTrue(unit.lines().anyMatch(line::equals), line + " missing in\n" + unit);
    }
    assertFalse(unit.contains("MemoryDenyWriteExecute=yes"), "the JIT needs W+X pages");
  }

  @Test
  void aPortBelow1024GrantsTheBindCapabilityAndNothingElse() {
    io.lightwire.boards.BoardDescriptor board =
        io.lightwire.boards.Boards.byId("pi5").orElseThrow();
    for (int port : new int[] {80, 443, 1023}) {
      String unit = BoardFiles.unit(board, port);
      for (String line :
          List.of(
              "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
              "AmbientCapabilities=CAP_NET_BIND_SERVICE",
              "DynamicUser=yes",
              "NoNewPrivileges=yes")) {
        assertTrue(
            unit.lines().anyMatch(line::equals), port + ": " + line + " missing in\n" + unit);
      }
      assertEquals(1, unit.lines().filter(l -> l.startsWith("AmbientCapabilities=")).count(), unit);
      assertEquals(
          1, unit.lines().filter(l -> l.startsWith("CapabilityBoundingSet=")).count(), unit);
    }
    for (int port : new int[] {0, 1024, 8080}) {
      String unit = BoardFiles.unit(board, port);
      assertTrue(unit.lines().anyMatch("CapabilityBoundingSet="::equals), port + "\n" + unit);
      assertTrue(unit.lines().anyMatch("AmbientCapabilities="::equals), port + "\n" + unit);
      assertFalse(unit.contains("CAP_NET_BIND_SERVICE"), port + "\n" + unit);
    }
  }

  @Test
  void theBundlesUnitFollowsItsConfiguredPort() {
    assertEquals(80, Bundle.configuredPort("board = pi5\nserver.port = 80\n"));
    assertEquals(8080, Bundle.configuredPort("board = pi5\n"), "the default");
  }

  @Test
  void theLauncherRunsTheFirmwareOnTheBoardsJava() throws Exception {
    Ran version = launcher("version");
    assertEquals(0, version.status(), version.output());
    assertTrue(version.output().startsWith("lightwire 1.2.3"), version.output());
  }

  @Test
  void flashOnTheBoardSaysItBelongsOnTheLaptop() throws Exception {
    Ran flash = launcher("flash", "--board", "pi5", "--host", "pi@10.0.0.9");
    assertEquals(1, flash.status(), flash.output());
    assertTrue(flash.output().contains("run it from the project's ./lightwire"), flash.output());
  }

  @Test
  void theLauncherRefusesAnOldJavaAndSaysHowToInstallOne() throws Exception {
    Path oldJava = Files.createDirectories(dir.resolve("jdk17/bin")).resolve("java");
    Files.writeString(
        oldJava,
        "#!/bin/sh\necho 'openjdk version \"17.0.13\" 2024-10-15' >&2\necho ran >\"$0.ran\"\n");
    Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));

    Ran refused =
        run(unpacked, Map.of("JAVA_HOME", dir.resolve("jdk17").toString()), "bin/lightwire", "run");

    assertEquals(3, refused.status(), refused.output());
    assertTrue(refused.output().contains("is Java 17.0.13"), refused.output());
    assertTrue(refused.output().contains("sudo apt install openjdk-25-jre-headless"));
    // Bookworm-based Raspberry Pi OS has no openjdk-25 and the --runtime image (trixie's OpenJDK,
    // glibc 2.38) does not run there: the message gives the Temurin path too.
    assertTrue(refused.output().contains("bookworm"), refused.output());
    assertTrue(refused.output().contains("temurin-25-jdk"), refused.output());
    assertTrue(refused.output().contains("packages.adoptium.net"), refused.output());
    assertTrue(Files.exists(dir.resolve("jdk17/bin/java.ran")), "only -version was run");
  }

  @Test
  void theLauncherWithoutAnyJavaSaysSo() throws Exception {
    // A PATH with the launcher's tools and no java.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("dirname", "sed", "head")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    Ran refused = run(unpacked, Map.of("PATH", bin.toString()), "/bin/sh", "bin/lightwire", "run");
    assertEquals(3, refused.status(), refused.output());
    assertTrue(refused.output().contains("no Java found"), refused.output());
  }

  @Test
  void theSameInputsGiveTheSameReleaseAndAConfigChangeANewOne() throws Exception {
    String first = release(pi5);
    String again = release(maker.bundle("1.2.3", "pi5", "server.port = 8088\n", "pi5-again"));
    String changed = release(maker.bundle("1.2.3", "pi5", "server.port = 8089\n", "pi5-changed"));
    assertEquals(first, again);
    assertNotEquals(first, changed);
  }

  private static String release(Path bundle) throws FlashException {
    return io.lightwire.firmware.flash.Flasher.BundleInfo.read(bundle).release();
  }

  @Test
  void aBadConfigValueIsRefusedNamingTheKeyAndValue() throws IOException {
    String err = bundleRefused("server.port = http\n");
    assertTrue(err.contains("config key 'server.port'"), err);
    assertTrue(err.contains("'http'"), err);
    assertFalse(Files.exists(dir.resolve("x.tar.gz")));
  }

  @Test
  void aConfigForAnotherBoardIsRefused() throws IOException {
    String err = bundleRefused("board = pi4b\n");
    assertTrue(err.contains("config key 'board'"), err);
    assertTrue(err.contains("does not match --board pi5"), err);
  }

  /** Runs {@code bundle --board pi5} with {@code config}, expects exit 2, returns stderr. */
  private String bundleRefused(String config) throws IOException {
    Path file = dir.resolve("board.properties");
    Files.writeString(file, config);
    Ran bundle =
        cli(
            "bundle",
            "--board",
            "pi5",
            "--config",
            file.toString(),
            "-o",
            dir.resolve("x.tar.gz").toString());
    assertEquals(2, bundle.status(), bundle.output());
    return bundle.output();
  }

  /** Runs the CLI in-process; the output is what it wrote to stderr. */
  private static Ran cli(String... args) {
    StringWriter err = new StringWriter();
    int status =
        LightwireCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    return new Ran(status, err.toString());
  }

  @Test
  void anUnknownBoardIsRefusedListingTheKnownOnes() {
    Ran bundle = cli("bundle", "--board", "pi9", "-o", dir.resolve("x.tar.gz").toString());
    assertEquals(2, bundle.status());
    assertTrue(bundle.output().contains("unknown board 'pi9' (known: "), bundle.output());
    assertTrue(bundle.output().contains("pi5"), bundle.output());
  }

  @Test
  void anAppPathWithNothingThereIsRefusedNamingItAndWhatWasExpected() throws IOException {
    Path nowhere = dir.resolve("nowhere");
    Ran bundle =
        cli(
            "bundle",
            "--board",
            "pi5",
            "--module-path",
            maker.modulePath("1.0.0"),
            "--app",
            nowhere.toString(),
            "-o",
            dir.resolve("x.tar.gz").toString());
    assertEquals(2, bundle.status(), bundle.output());
    assertTrue(
        bundle.output().contains(nowhere + ": nothing there; expected the application's jar"),
        bundle.output());
    assertFalse(Files.exists(dir.resolve("x.tar.gz")), "no bundle written");
  }
}
