package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightwireCliTest {

  private final CliRun cli = new CliRun();

  @TempDir Path dir;

  @Test
  void helpListsTheSubcommands() {
    assertEquals(0, cli.run("--help"));
    for (String command :
        new String[] {
          "run", "config", "boards", "example", "bench", "bundle", "flash", "version"
        }) {
      assertTrue(cli.out().contains(command), cli.out());
    }
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command :
        new String[] {
          "run", "config", "boards", "example", "bench", "bundle", "flash", "version"
        }) {
      assertEquals(0, cli.run(command, "--help"), command);
    }
    assertTrue(cli.out().contains("--config"), cli.out());
  }

  @Test
  void boardsListsEveryBoardWithItsWholeSocAndModelString() {
    assertEquals(0, cli.run("boards"));
    String listing = cli.out();
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
    assertEquals(0, cli.run("version"));
    assertTrue(cli.out().startsWith("lightwire "), cli.out());
    assertTrue(cli.out().contains("Java " + Runtime.version().feature()), cli.out());
  }

  @Test
  void aBadPortOptionExits2NamingTheKeyAndValue() {
    assertEquals(2, cli.run("run", "--port", "http"));
    assertTrue(
        cli.err().contains("config key 'server.port' from --port on the command line: 'http'"),
        cli.err());
  }

  @Test
  void anUnknownConfigKeyExits2NamingIt() throws Exception {
    Path file = dir.resolve("lightwire.properties");
    Files.writeString(file, "camera.colour = red\n");
    assertEquals(2, cli.run("run", "--config", file.toString()));
    assertTrue(cli.err().contains("'camera.colour'"), cli.err());
  }

  @Test
  void anUnknownExampleExits2() {
    assertEquals(2, cli.run("example", "no-such-example"));
    assertTrue(cli.err().contains("no example named 'no-such-example'"), cli.err());
  }

  @Test
  void anUnknownBenchmarkExits2NamingIt() {
    assertEquals(2, cli.run("bench", "no-such-bench", "--sizes", "16"));
    assertTrue(cli.err().contains("no benchmark named 'no-such-bench'"), cli.err());
  }
}
