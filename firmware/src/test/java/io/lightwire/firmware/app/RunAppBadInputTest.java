package io.lightwire.firmware.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire run --app} with what cannot run: each exits 2 before anything boots, with one
 * line naming the path and what was expected. Real module jars, compiled by javac for the test.
 */
@Tag("slow")
class RunAppBadInputTest {

  @TempDir static Path work;
  private static Path one;
  private static Path noApp;
  private static Path two;
  private static Path needsMissing;

  @BeforeAll
  static void makeJars() throws Exception {
    ModuleJars jars = new ModuleJars(work);
    one = jars.jar("one", ModuleJars.application("demo.one", "demo.one", "one", ""), "");
    noApp =
        jars.jar(
            "plain",
            Map.of(
                "module-info.java",
                "module demo.plain { }",
                "demo/plain/P.java",
                "package demo.plain; public class P {}"),
            "");
    // Two applications in one folder.
    Path twoFolder = Files.createDirectories(work.resolve("two"));
    Files.copy(one, twoFolder.resolve("one.jar"));
    Files.copy(
        jars.jar("other", ModuleJars.application("demo.other", "demo.other", "other", ""), ""),
        twoFolder.resolve("other.jar"));
    two = twoFolder;
    // An application that requires a module that is not shipped with it.
    Path lib =
        jars.jar(
            "sensorlib",
            Map.of(
                "module-info.java",
                "module demo.sensorlib { exports demo.sensorlib; }",
                "demo/sensorlib/Sensor.java",
                "package demo.sensorlib; public class Sensor {}"),
            "");
    Path alone = Files.createDirectories(work.resolve("alone"));
    needsMissing =
        Files.copy(
            jars.jar(
                "needy",
                ModuleJars.application(
                    "demo.needy", "demo.needy", "needy", "requires demo.sensorlib;"),
                lib.toString()),
            alone.resolve("needy.jar"));
  }

  private static String[] run(String... args) {
    CliRun cli = new CliRun();
    int status = cli.run(args);
    return new String[] {Integer.toString(status), cli.err(), cli.out()};
  }

  @Test
  void anAppPathWithNothingThereExits2NamingThePathAndWhatWasExpected() {
    Path nowhere = work.resolve("nowhere");
    String[] r = run("run", "--app", nowhere.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains(nowhere + ": nothing there; expected the application's jar"), r[1]);
  }

  @Test
  void aJarWithoutAnApplicationExits2NamingItAndTheProvidesLine() {
    String[] r = run("run", "--app", noApp.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains(noApp + ": no io.lightwire.firmware.Application there"), r[1]);
    assertTrue(r[1].contains("provides io.lightwire.firmware.Application with"), r[1]);
  }

  @Test
  void twoApplicationsAreAnErrorListingBoth() {
    String[] r = run("run", "--app", two.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains("two or more applications found"), r[1]);
    assertTrue(r[1].contains("demo.one.App in module demo.one"), r[1]);
    assertTrue(r[1].contains("demo.other.App in module demo.other"), r[1]);
  }

  @Test
  void aMissingModuleIsNamed() {
    String[] r = run("run", "--app", needsMissing.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(r[1].contains("the application's module demo.needy does not resolve"), r[1]);
    assertTrue(r[1].contains("Module demo.sensorlib not found, required by demo.needy"), r[1]);
  }

  @Test
  void anUnknownAppKeyIsRefusedLikeAnUnknownFirmwareKey() throws Exception {
    Path config = work.resolve("unknown.properties");
    Files.writeString(config, "app.colour = red\n");
    String[] r = run("run", "--app", one.toString(), "--config", config.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(
        r[1].contains(
            "unknown config key 'app.colour' in " + config + " (not one of application 'one')"),
        r[1]);
    assertTrue(!r[1].contains("board, "), "no list of every key: " + r[1]);
    Path firmwareKey = work.resolve("firmware-unknown.properties");
    Files.writeString(firmwareKey, "server.colour = red\n");
    String[] f = run("run", "--config", firmwareKey.toString());
    assertEquals("2", f[0]);
    assertTrue(
        f[1].contains(
            "unknown config key 'server.colour' in "
                + firmwareKey
                + " (lightwire config --print lists every key)"),
        f[1]);
  }

  @Test
  void anAppKeyWithoutAnApplicationIsUnknown() throws Exception {
    Path config = work.resolve("no-app.properties");
    Files.writeString(config, "app.colour = red\n");
    String[] r = run("run", "--config", config.toString(), "--port", "0");
    assertEquals("2", r[0], r[1]);
    assertTrue(
        r[1].contains("unknown config key 'app.colour' in " + config + " (no application runs)"),
        r[1]);
  }

  @Test
  void theLoaderLoadsTheOneApplicationOfAJar() throws Exception {
    AppLoader.Loaded loaded = AppLoader.load(one);
    assertEquals("one", loaded.application().name());
    assertEquals("demo.one", loaded.module());
    assertEquals(java.util.List.of(one), loaded.jars());
  }
}
