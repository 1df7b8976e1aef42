package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The MQTT bridge's settings, read from the {@code mqtt.*} keys (already validated by {@link
 * FirmwareConfig}). Times are in milliseconds.
 *
 * @param url the broker, {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}
 * @param username the user name, or null for none
 * @param password the password, or null for none
 * @param nodeId this board's id in topics and in Home Assistant's discovery topics
 * @param prefix the topic every topic of this board starts with
 * @param discoveryPrefix Home Assistant's discovery prefix, or null when discovery is off
 * @param caFile the PEM file of CA certificates to trust, or null for the JDK's
 * @param qos the QoS of everything published and subscribed (0, 1 or 2)
 * @param keepAliveSeconds the MQTT keep-alive, in seconds as the protocol counts it
 * @param connectTimeoutMillis how long one connection attempt may take
 * @param reconnectMinMillis the first back-off after a failed or lost connection
 * @param reconnectMaxMillis the longest back-off (it doubles up to this)
 * @param cameraIntervalMillis how often a camera snapshot is published; 0: only on request
 */
public record MqttSettings(
    String url,
    String username,
    String password,
    String nodeId,
    String prefix,
    String discoveryPrefix,
    Path caFile,
    int qos,
    int keepAliveSeconds,
    int connectTimeoutMillis,
    long reconnectMinMillis,
    long reconnectMaxMillis,
    long cameraIntervalMillis) {

  /** Node id when the host name gives none. */
  static final String FALLBACK_NODE_ID = "lightwire";

  /** The settings of {@code config}, or null when {@code mqtt.url} is empty (bridge off). */
  public static MqttSettings from(FirmwareConfig config) {
    String url = config.text(ConfigKey.MQTT_URL);
    if (url.isEmpty()) {
      return null;
    }
    String nodeId = config.text(ConfigKey.MQTT_NODE_ID);
    if (nodeId.equals("auto")) {
      nodeId = nodeIdOf(hostName());
    }
    String prefix = config.text(ConfigKey.MQTT_TOPIC_PREFIX);
    if (prefix.equals("auto")) {
      prefix = "lightwire/" + nodeId;
    }
    String discovery = config.text(ConfigKey.MQTT_DISCOVERY_PREFIX);
    String ca = config.text(ConfigKey.MQTT_CA_FILE);
    return new MqttSettings(
        url,
        emptyToNull(config.text(ConfigKey.MQTT_USERNAME)),
        emptyToNull(config.text(ConfigKey.MQTT_PASSWORD)),
        nodeId,
        prefix,
        discovery.equals("none") ? null : discovery,
        ca.equals("system") ? null : Path.of(ca),
        config.number(ConfigKey.MQTT_QOS),
        Math.max(1, config.number(ConfigKey.MQTT_KEEPALIVE_MS) / 1_000),
        config.number(ConfigKey.MQTT_CONNECT_TIMEOUT_MS),
        config.number(ConfigKey.MQTT_RECONNECT_MIN_MS),
        config.number(ConfigKey.MQTT_RECONNECT_MAX_MS),
        config.number(ConfigKey.MQTT_CAMERA_INTERVAL_MS));
  }

  /** True for {@code ssl://}. */
  public boolean tls() {
    return url.startsWith("ssl://");
  }

  /** The URL for logs and status: never the credentials (they are not in it anyway). */
  @Override
  public String toString() {
    return url + (username == null ? "" : " as " + username);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  /**
   * The host name without asking DNS: {@code /etc/hostname}, else {@code $HOSTNAME}, else empty.
   */
  static String hostName() {
    try {
      String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | SecurityException e) {
      // no /etc/hostname (not Linux, or a sandbox): try the environment
    }
    String env = System.getenv("HOSTNAME");
    return env == null ? "" : env.strip();
  }

  /**
   * A node id from a host name: its first label, lower case, every character outside {@code
   * [a-z0-9_-]} replaced by {@code _}; {@value #FALLBACK_NODE_ID} when nothing is left.
   */
  static String nodeIdOf(String host) {
    int dot = host.indexOf('.');
    String label = (dot < 0 ? host : host.substring(0, dot)).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < label.length() && out.length() < 64; i++) {
      char c = label.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      out.append(ok ? c : '_');
    }
    return out.isEmpty() ? FALLBACK_NODE_ID : out.toString();
  }
}
