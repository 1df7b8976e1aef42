package io.lightwire.firmware.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LIGHTWIRE_<KEY>} overrides, sources, and "did you mean" for mistyped keys. */
class ConfigEnvironmentTest {

  @TempDir Path dir;

  @Test
  void everyKeyHasItsOwnVariable() {
    assertEquals("LIGHTWIRE_SERVER_PORT", FirmwareConfig.environmentVariable("server.port"));
    assertEquals(
        "LIGHTWIRE_SERVER_MAX_CONNECTIONS",
        FirmwareConfig.environmentVariable("server.max-connections"));
    assertEquals(
        "LIGHTWIRE_APP_GREETING_TEXT", FirmwareConfig.environmentVariable("app.greeting-text"));
    Set<String> seen = new HashSet<>();
    for (String key : ConfigKey.keys()) {
      assertTrue(seen.add(FirmwareConfig.environmentVariable(key)), "two keys share " + key);
    }
  }

  @Test
  void theEnvironmentOverridesTheFileAndIsRecordedAsTheSource() throws Exception {
    Path file = dir.resolve("lightwire.properties");
    Files.writeString(file, "server.port = 9090\ncamera.fps = 10\n");
    FirmwareConfig config =
        FirmwareConfig.load(file)
            .withEnvironment(
                Map.of(
                    "LIGHTWIRE_SERVER_PORT", "9191",
                    "LIGHTWIRE_SERVER_MAX_CONNECTIONS", " 12 ",
                    "PATH", "/usr/bin"));
    assertEquals(9191, config.number(ConfigKey.SERVER_PORT));
    assertEquals(12, config.number(ConfigKey.SERVER_MAX_CONNECTIONS));
    assertEquals(10, config.number(ConfigKey.CAMERA_FPS));
    assertEquals("env LIGHTWIRE_SERVER_PORT", config.source(ConfigKey.SERVER_PORT).label());
    assertEquals("file " + file, config.source(ConfigKey.CAMERA_FPS).label());
    assertEquals("default", config.source(ConfigKey.BOARD).label());
  }

  @Test
  void aBadValueInTheEnvironmentNamesTheVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FirmwareConfig.defaults().withEnvironment(Map.of("LIGHTWIRE_SERVER_PORT", "http")));
    assertEquals(
        "config key 'server.port' from environment variable LIGHTWIRE_SERVER_PORT: 'http' is not"
            + " a whole number from 0 to 65535",
        e.getMessage());
    ConfigException empty =
        assertThrows(
            ConfigException.class,
            () ->
                FirmwareConfig.defaults().withEnvironment(Map.of("LIGHTWIRE_CAMERA_ENABLED", "")));
    assertTrue(
        empty.getMessage().contains("LIGHTWIRE_CAMERA_ENABLED: '' is not true or false"),
        empty.getMessage());
  }

  @Test
  void keysThatMustAgreeAreCheckedAfterAllOverrides() throws Exception {
    // Each alone would break the rule "rx buffer >= max header"; together they are fine.
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .withEnvironment(
                Map.of(
                    "LIGHTWIRE_SERVER_MAX_HEADER_BYTES", "32768",
                    "LIGHTWIRE_SERVER_RX_BUFFER_BYTES", "32768"));
    assertEquals(32_768, config.number(ConfigKey.SERVER_RX_BUFFER_BYTES));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FirmwareConfig.defaults()
                    .withEnvironment(Map.of("LIGHTWIRE_SERVER_RX_BUFFER_BYTES", "2048")));
    assertTrue(
        e.getMessage().contains("from environment variable LIGHTWIRE_SERVER_RX_BUFFER_BYTES"),
        e.getMessage());
  }

  @Test
  void aMistypedVariableGetsAWarningAndOtherLightwireVariablesNone() {
    List<String> warnings =
        FirmwareConfig.strayEnvironment(
            Map.of(
                "LIGHTWIRE_SERVER_PROT", "80",
                "LIGHTWIRE_HOME", "/opt/lightwire",
                "LIGHTWIRE_REQUIRE_BROWSER", "1",
                "LIGHTWIRE_JDK_DIRS", "/usr/lib/jvm"));
    assertEquals(
        List.of(
            "environment variable LIGHTWIRE_SERVER_PROT is no config key and is ignored; did you"
                + " mean LIGHTWIRE_SERVER_PORT?"),
        warnings);
  }

  @Test
  void anUnknownKeySuggestsTheNearestOneInsteadOfListingAll() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "server.prot = 80\n");
    ConfigException e = assertThrows(ConfigException.class, () -> FirmwareConfig.load(file));
    assertEquals(
        "unknown config key 'server.prot' in " + file + "; did you mean 'server.port'?",
        e.getMessage());
    ConfigException bare =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("fps", "10"), "in test"));
    assertTrue(bare.getMessage().endsWith("did you mean 'camera.fps'?"), bare.getMessage());
    ConfigException far =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("colour", "red"), "in test"));
    assertEquals(
        "unknown config key 'colour' in test (lightwire config --print lists every key)",
        far.getMessage());
    assertTrue(!far.getMessage().contains("server.port"), "no list of all keys");
  }

  @Test
  void applicationKeysComeFromTheEnvironmentTooAndAMistypedOneGetsASuggestion() throws Exception {
    List<AppConfigKey> declared =
        List.of(
            AppConfigKey.text("app.greeting", "hello", "[a-z ]{1,40}", "1 to 40 letters a-z"),
            AppConfigKey.number("app.tick-ms", 50, 10, 10_000));
    List<String> keys = declared.stream().map(AppConfigKey::key).toList();
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(Map.of("app.tick-ms", "100"), "in test")
            .withEnvironment(Map.of("LIGHTWIRE_APP_TICK_MS", "200"), keys);
    assertEquals(200, AppConfig.of(config, declared, "demo").number("app.tick-ms"));
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () ->
                AppConfig.of(
                    FirmwareConfig.defaults()
                        .withEnvironment(Map.of("LIGHTWIRE_APP_TICK_MS", "5"), keys),
                    declared,
                    "demo"));
    assertTrue(
        bad.getMessage().contains("from environment variable LIGHTWIRE_APP_TICK_MS: '5'"),
        bad.getMessage());
    ConfigException typo =
        assertThrows(
            ConfigException.class,
            () ->
                AppConfig.of(
                    FirmwareConfig.defaults().with(Map.of("app.greting", "hi"), "in test"),
                    declared,
                    "demo"));
    assertTrue(typo.getMessage().endsWith("did you mean 'app.greeting'?"), typo.getMessage());
  }

  @Test
  void didYouMeanCountsSwapsAsOneEditAndRefusesFarNames() {
    assertEquals(Optional.of("server.port"), DidYouMean.closest("server.prot", ConfigKey.keys()));
    assertEquals(Optional.of("camera.width"), DidYouMean.closest("Camera.Widht", ConfigKey.keys()));
    assertEquals(Optional.empty(), DidYouMean.closest("xyz", ConfigKey.keys()));
    assertEquals(Optional.empty(), DidYouMean.closest("ab", List.of("cd")));
    assertEquals(1, DidYouMean.distance("prot", "port"));
  }
}
