package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightwireCliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LightwireCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheSubcommands() {
    assertEquals(0, run("--help"));
    for (String command :
        new String[] {
          "run", "config", "boards", "example", "bench", "bundle", "flash", "version"
        }) {
      assertTrue(out.toString().contains(command), out.toString());
    }
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command :
        new String[] {
          "run", "config", "boards", "example", "bench", "bundle", "flash", "version"
        }) {
      assertEquals(0, run(command, "--help"), command);
    }
    assertTrue(out.toString().contains("--config"), out.toString());
  }

  @Test
  void boardsListsEveryBoardWithItsWholeSocAndModelString() {
    assertEquals(0, run("boards"));
    String listing = out.toString();
    for (String cell :
        new String[] {
          "emulated",
          "none (Java, in memory)",
          "pi5",
          "Raspberry Pi 5 Model B",
          "zero2w",
          "RP3A0 (BCM2710A1)",
          "cm4",
          "Raspberry Pi Compute Module 4 Rev"
        }) {
      assertTrue(listing.contains(cell), cell + " missing or cut in:\n" + listing);
    }
  }

  @Test
  void versionNamesTheJavaRuntime() {
    assertEquals(0, run("version"));
    assertTrue(out.toString().startsWith("lightwire "), out.toString());
    assertTrue(out.toString().contains("Java " + Runtime.version().feature()), out.toString());
  }

  @Test
  void aBadPortOptionExits2NamingTheKeyAndValue() {
    assertEquals(2, run("run", "--port", "http"));
    assertTrue(
        err.toString().contains("config key 'server.port' from --port on the command line: 'http'"),
        err.toString());
  }

  @Test
  void anUnknownConfigKeyExits2NamingIt() throws Exception {
    Path file = dir.resolve("lightwire.properties");
    Files.writeString(file, "camera.colour = red\n");
    assertEquals(2, run("run", "--config", file.toString()));
    assertTrue(err.toString().contains("'camera.colour'"), err.toString());
  }

  @Test
  void anUnknownExampleExits2() {
    assertEquals(2, run("example", "no-such-example"));
    assertTrue(err.toString().contains("no example named 'no-such-example'"), err.toString());
  }

  @Test
  void anUnknownBenchmarkExits2NamingIt() {
    assertEquals(2, run("bench", "no-such-bench", "--sizes", "16"));
    assertTrue(err.toString().contains("no benchmark named 'no-such-bench'"), err.toString());
  }
}
