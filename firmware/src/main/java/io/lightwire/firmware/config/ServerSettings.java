package io.lightwire.firmware.config;

import io.lightwire.websock.server.ServerConfig;
import io.lightwire.websock.server.ServerConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The server's {@link ServerConfig} made from the {@code server.*} keys. The limits between keys (a
 * transmit buffer holds a whole frame, a receive buffer a request head, one address holds at most
 * every slot) are {@link ServerConfig}'s own: the firmware does not check them a second time, it
 * reports {@link ServerConfig}'s refusal under its own key names, with the value and its source.
 */
public final class ServerSettings {

  /** {@link ServerConfig}'s fields and the keys they are read from. */
  private static final Map<String, ConfigKey> KEYS =
      Map.ofEntries(
          Map.entry("bindAddress", ConfigKey.SERVER_BIND),
          Map.entry("port", ConfigKey.SERVER_PORT),
          Map.entry("maxConnections", ConfigKey.SERVER_MAX_CONNECTIONS),
          Map.entry("rxBufferBytes", ConfigKey.SERVER_RX_BUFFER_BYTES),
          Map.entry("txBufferBytes", ConfigKey.SERVER_TX_BUFFER_BYTES),
          Map.entry("maxHeaderBytes", ConfigKey.SERVER_MAX_HEADER_BYTES),
          Map.entry("maxMessageBytes", ConfigKey.SERVER_MAX_FRAME_BYTES),
          Map.entry("broadcastBuffers", ConfigKey.SERVER_BROADCAST_BUFFERS),
          Map.entry("broadcastBufferBytes", ConfigKey.SERVER_BROADCAST_BUFFER_BYTES),
          Map.entry("handshakeTimeoutMillis", ConfigKey.SERVER_HANDSHAKE_TIMEOUT_MS),
          Map.entry("idleTimeoutMillis", ConfigKey.SERVER_IDLE_TIMEOUT_MS),
          Map.entry("maxConnectionsPerAddress", ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS),
          Map.entry("busyPollMicros", ConfigKey.SERVER_BUSY_POLL_US));

  private ServerSettings() {}

  /**
   * The server config {@code config} asks for.
   *
   * @throws ConfigException naming the key, its source, the value and the rule it breaks
   */
  public static ServerConfig from(FirmwareConfig config) throws ConfigException {
    try {
      return ServerConfig.builder()
          .bindAddress(config.text(ConfigKey.SERVER_BIND))
          .port(config.number(ConfigKey.SERVER_PORT))
          .maxConnections(config.number(ConfigKey.SERVER_MAX_CONNECTIONS))
          .rxBufferBytes(config.number(ConfigKey.SERVER_RX_BUFFER_BYTES))
          .txBufferBytes(config.number(ConfigKey.SERVER_TX_BUFFER_BYTES))
          .maxHeaderBytes(config.number(ConfigKey.SERVER_MAX_HEADER_BYTES))
          .maxMessageBytes(config.number(ConfigKey.SERVER_MAX_FRAME_BYTES))
          .broadcastBuffers(config.number(ConfigKey.SERVER_BROADCAST_BUFFERS))
          .broadcastBufferBytes(config.number(ConfigKey.SERVER_BROADCAST_BUFFER_BYTES))
          .timeouts(
              config.number(ConfigKey.SERVER_HANDSHAKE_TIMEOUT_MS),
              config.number(ConfigKey.SERVER_IDLE_TIMEOUT_MS))
          .maxConnectionsPerAddress(config.number(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS))
          .busyPollMicros(config.number(ConfigKey.SERVER_BUSY_POLL_US))
          .build();
    } catch (ServerConfigException e) {
      throw refused(config, e);
    }
  }

  private static ConfigException refused(FirmwareConfig config, ServerConfigException e) {
    ConfigKey key = KEYS.get(e.field());
    String rule = e.rule();
    // The longest field first, so "maxConnections" is not replaced inside "maxConnectionsPer...".
    List<String> fields = new ArrayList<>(KEYS.keySet());
    fields.sort(Comparator.comparingInt(String::length).reversed());
    for (String field : fields) {
      rule = rule.replaceAll("\\b" + field + "\\b", KEYS.get(field).key());
    }
    String name = key == null ? "server." + e.field() : key.key();
    String where = key == null ? "" : " " + config.source(key).where();
    return new ConfigException(
        "config key '" + name + "'" + where + ": '" + e.value() + "' " + rule);
  }
}
