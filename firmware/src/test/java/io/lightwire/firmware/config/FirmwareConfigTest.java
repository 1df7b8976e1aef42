package io.lightwire.firmware.config;

import static io.lightwire.firmware.config.ConfigRefusals.assertMentions;
import static io.lightwire.firmware.config.ConfigRefusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsAreThePlannedOnes() {
    FirmwareConfig config = FirmwareConfig.defaults();
    assertEquals(8080, config.number(ConfigKey.SERVER_PORT));
    assertEquals(65_535, config.number(ConfigKey.SERVER_MAX_FRAME_BYTES));
    assertEquals("auto", config.text(ConfigKey.BOARD));
  }

  @Test
  void aFileOverridesTheDefaults() throws Exception {
    Path file = dir.resolve("lightwire.properties");
    Files.writeString(file, "# comment\nserver.port = 9090\nboard=emulated\n");
    FirmwareConfig config = FirmwareConfig.load(file);
    assertEquals(9090, config.number(ConfigKey.SERVER_PORT));
    assertEquals("emulated", config.text(ConfigKey.BOARD));
  }

  @Test
  void anUnknownKeyIsNamedWithTheFileAndTheKnownKeys() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "server.prot = 80\n");
    ConfigException e = assertThrows(ConfigException.class, () -> FirmwareConfig.load(file));
    assertTrue(e.getMessage().contains("unknown config key 'server.prot'"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("server.port"), e.getMessage());
  }

  @Test
  void withTlsOnlyHttpsPagesCountAsTheDevicesOwn() throws Exception {
    assertFalse(FirmwareConfig.defaults().sameOrigin().secure());
    assertTrue(
        FirmwareConfig.defaults()
            .with(ConfigKey.SERVER_TLS, "true", "in test")
            .sameOrigin()
            .secure());
  }

  @Test
  void allowedOriginsAreOriginsOrNoneAndABadOneIsNamed() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(
                ConfigKey.SERVER_ALLOWED_ORIGINS,
                "https://Dash.example:443, http://10.0.0.5:3000",
                "in the test");
    assertEquals(
        java.util.Set.of("https://dash.example", "http://10.0.0.5:3000"),
        config.sameOrigin().allowedOrigins());
    assertTrue(FirmwareConfig.defaults().sameOrigin().allowedOrigins().isEmpty());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FirmwareConfig.defaults()
                    .with(
                        ConfigKey.SERVER_ALLOWED_ORIGINS,
                        "https://ok.example,dash.example/x",
                        "in the test"));
    assertTrue(e.getMessage().contains("'server.allowed-origins'"), e.getMessage());
    assertTrue(e.getMessage().contains("dash.example/x"), e.getMessage());
  }

  @Test
  void aBadNumberIsNamedWithItsKeyValueAndRange() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("server.port", "80a"), "in test"));
    assertEquals(
        "config key 'server.port' in test: '80a' is not a whole number from 0 to 65535",
        e.getMessage());
  }

  @Test
  void aNumberOutOfRangeIsRefused() {
    assertMentions(refusal("server.max-frame-bytes", "70000"), "'70000'", "from 125 to 65535");
  }

  @Test
  void aBindAddressMustBeAnIpLiteral() {
    assertMentions(refusal("server.bind", "example.org"), "'server.bind'", "'example.org'");
  }

  @Test
  void theReceiveBufferMustHoldARequestHead() {
    assertMentions(
        refusal("server.rx-buffer-bytes", "2048", "server.max-header-bytes", "4096"),
        "server.rx-buffer-bytes");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.properties");
    ConfigException e = assertThrows(ConfigException.class, () -> FirmwareConfig.load(missing));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
