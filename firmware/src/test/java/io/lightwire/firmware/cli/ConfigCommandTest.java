package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightwire config --print}, and {@code run}'s config from the same sources. */
class ConfigCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cli(Map<String, String> environment, String... args) {
    return LightwireCli.execute(
        new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
  }

  private String line(String key) {
    return out.toString()
        .lines()
        .filter(l -> l.startsWith(key + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(key + " not printed:\n" + out));
  }

  @Test
  void printShowsEveryKeyWithItsValueAndWhereItCameFrom() throws Exception {
    Path file = dir.resolve("lightwire.properties");
    Files.writeString(file, "camera.fps = 10\nserver.port = 9000\n");
    int status =
        cli(
            Map.of("LIGHTWIRE_SERVER_PORT", "9100", "LIGHTWIRE_CAMERA_QUALITY", "50"),
            "config",
            "--print",
            "--config",
            file.toString(),
            "--port",
            "9200",
            "--board",
            "Emulated",
            "--bind",
            "localhost");
    assertEquals(0, status, err.toString());
    assertTrue(out.toString().startsWith("KEY "), out.toString());
    assertTrue(
        line("server.port").matches("server\\.port +9200 +command line --port"),
        line("server.port"));
    assertTrue(
        line("camera.quality").matches("camera\\.quality +50 +env LIGHTWIRE_CAMERA_QUALITY"),
        line("camera.quality"));
    assertTrue(
        line("camera.fps")
            .matches("camera\\.fps +10 +file " + java.util.regex.Pattern.quote(file.toString())),
        line("camera.fps"));
    assertTrue(line("board").matches("board +emulated +command line --board"), line("board"));
    assertTrue(
        line("server.bind").matches("server\\.bind +127\\.0\\.0\\.1 +command line --bind"),
        line("server.bind"));
    assertTrue(line("camera.width").matches("camera\\.width +640 +default"), line("camera.width"));
    assertEquals(
        io.lightwire.firmware.config.ConfigKey.values().length + 1, out.toString().lines().count());
  }

  @Test
  void aBadEnvironmentValueStopsRunAndConfigAlikeNamingTheVariable() {
    Map<String, String> environment = Map.of("LIGHTWIRE_CAMERA_FPS", "fast");
    assertEquals(2, cli(environment, "config", "--print"));
    String fromConfig = err.toString();
    err.getBuffer().setLength(0);
    assertEquals(2, cli(environment, "run", "--port", "0"));
    assertEquals(fromConfig, err.toString());
    assertTrue(
        fromConfig.contains(
            "config key 'camera.fps' from environment variable LIGHTWIRE_CAMERA_FPS: 'fast' is not"
                + " a whole number from 1 to 120"),
        fromConfig);
  }

  @Test
  void theCommandLineWinsOverTheEnvironment() {
    assertEquals(
        0,
        cli(Map.of("LIGHTWIRE_SERVER_PORT", "9100"), "config", "--print", "--port", "8081"),
        err.toString());
    assertTrue(line("server.port").contains("8081"), out.toString());
    assertTrue(line("server.port").contains("command line --port"), out.toString());
    // Every source is validated as it is read, like a file's value that an option overrides.
    out.getBuffer().setLength(0);
    assertEquals(
        2, cli(Map.of("LIGHTWIRE_SERVER_PORT", "http"), "config", "--print", "--port", "8081"));
    assertTrue(err.toString().contains("LIGHTWIRE_SERVER_PORT: 'http'"), err.toString());
  }

  @Test
  void aMistypedVariableIsWarnedAbout() {
    assertEquals(0, cli(Map.of("LIGHTWIRE_CAMERA_FSP", "5"), "config", "--print"));
    assertTrue(
        err.toString()
            .contains(
                "warning: environment variable LIGHTWIRE_CAMERA_FSP is no config"
                    + " key and is ignored; did you mean LIGHTWIRE_CAMERA_FPS?"),
        err.toString());
    assertTrue(line("camera.fps").contains("default"), out.toString());
  }

  @Test
  void configWithoutAnActionSaysWhatItNeeds() {
    assertEquals(2, cli(Map.of(), "config"));
    assertTrue(err.toString().contains("config needs an action: --print"), err.toString());
  }
}
