package io.lightwire.firmware.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's limits between keys are checked once, by the websock ServerConfig, and a refusal is
 * reported under the firmware's key name with the value, where it came from and the rule in the
 * firmware's key names.
 */
class ServerSettingsTest {

  @ParameterizedTest(name = "{0} = {1} with {2} = {3}")
  @CsvSource({
    "server.tx-buffer-bytes, 2048, server.max-frame-bytes, 4096, server.max-frame-bytes + 14",
    "server.rx-buffer-bytes, 2048, server.max-header-bytes, 4096, server.max-header-bytes",
    "server.max-connections-per-address, 9, server.max-connections, 8, server.max-connections;"
  })
  void aValueTheServerRefusesNamesTheFirmwareKeyAndTheValue(
      String key, String value, String other, String otherValue, String ruleMentions) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of(key, value, other, otherValue), "test"));
    assertTrue(e.getMessage().startsWith("config key '" + key + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("test"), e.getMessage());
    assertTrue(e.getMessage().contains(ruleMentions), e.getMessage());
  }

  @Test
  void theDefaultsMakeTheServerConfigTheKeysDescribe() throws ConfigException {
    FirmwareConfig config = FirmwareConfig.defaults();
    var server = ServerSettings.from(config);
    assertEquals(config.number(ConfigKey.SERVER_TX_BUFFER_BYTES), server.txBufferBytes());
    assertEquals(config.number(ConfigKey.SERVER_MAX_FRAME_BYTES), server.maxMessageBytes());
    assertEquals(config.number(ConfigKey.SERVER_IDLE_TIMEOUT_MS), server.idleTimeoutMillis());
    assertEquals(
        config.number(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS),
        server.maxConnectionsPerAddress());
    assertEquals(0, server.busyPollMicros(), "busy polling is off unless asked for");
  }

  @Test
  void theBusyPollKeyReachesTheServerAndItsRangeIsChecked() throws ConfigException {
    var server =
        ServerSettings.from(
            FirmwareConfig.defaults().with(Map.of("server.busy-poll-us", "100"), "test"));
    assertEquals(100, server.busyPollMicros());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("server.busy-poll-us", "5000"), "test"));
    assertTrue(e.getMessage().contains("server.busy-poll-us"), e.getMessage());
    assertTrue(e.getMessage().contains("5000"), e.getMessage());
  }
}
