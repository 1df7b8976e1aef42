package io.lightwire.firmware.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key the firmware knows, with its default and its allowed values. A key not
 * listed here stops boot (other {@code app.*} keys belong to the application, which declares them
 * as {@link AppConfigKey}s); so does a value out of its range. Sizes are in bytes, times in
 * milliseconds.
 */
public enum ConfigKey {
  BOARD("board", "auto", "auto (detect, else emulated), emulated, or a board id"),
  SERVER_BIND("server.bind", "0.0.0.0", "an IP address to listen on"),
  SERVER_PORT("server.port", 8080, 0, 65_535),
  SERVER_MAX_CONNECTIONS("server.max-connections", 32, 1, 4_096),
  SERVER_MAX_CONNECTIONS_PER_ADDRESS("server.max-connections-per-address", 0, 0, 4_096),
  SERVER_RX_BUFFER_BYTES("server.rx-buffer-bytes", 16_384, 1_024, 1 << 20),
  SERVER_TX_BUFFER_BYTES("server.tx-buffer-bytes", 65_550, 1_024, 1 << 20),
  SERVER_MAX_HEADER_BYTES("server.max-header-bytes", 8_192, 256, 65_536),
  SERVER_MAX_FRAME_BYTES("server.max-frame-bytes", 65_535, 125, 65_535),
  SERVER_BROADCAST_BUFFERS("server.broadcast-buffers", 8, 1, 1_024),
  SERVER_BROADCAST_BUFFER_BYTES("server.broadcast-buffer-bytes", 262_224, 1_024, 16 << 20),
  SERVER_HANDSHAKE_TIMEOUT_MS("server.handshake-timeout-ms", 5_000, 100, 600_000),
  SERVER_IDLE_TIMEOUT_MS("server.idle-timeout-ms", 60_000, 1_000, 86_400_000),
  SERVER_BUSY_POLL_US("server.busy-poll-us", 0, 0, 1_000),
  SERVER_TLS(
      "server.tls",
      "false",
      "true or false: serve https:// and wss:// (a self-signed certificate in state.dir unless"
          + " server.tls.cert is given)"),
  SERVER_TLS_CERT(
      "server.tls.cert", "none", "none, or a PEM certificate chain file (turns server.tls on)"),
  SERVER_TLS_KEY(
      "server.tls.key",
      "none",
      "none, or the PEM private key file of server.tls.cert (PKCS #8, PKCS #1 or SEC1,"
          + " unencrypted)"),
  SERVER_ALLOWED_ORIGINS(
      "server.allowed-origins",
      "none",
      "none (only the device's own pages), or web origins whose pages may open the WebSocket"
          + " endpoints too, like https://dash.example:8443,http://10.0.0.5:3000"),
  SERVER_STATIC_CACHE_BYTES("server.static-cache-bytes", 524_288, 0, 64 << 20),
  CAMERA_WIDTH("camera.width", 640, 16, 4_096),
  CAMERA_HEIGHT("camera.height", 480, 16, 4_096),
  CAMERA_FPS("camera.fps", 30, 1, 120),
  CAMERA_RING_FRAMES("camera.ring-frames", 4, 2, 64),
  CAMERA_FRAME_BYTES("camera.frame-bytes", 262_144, 4_096, 16 << 20),
  STREAMS_MESSAGES("streams.messages", 64, 1, 65_536),
  STREAMS_MESSAGE_BYTES("streams.message-bytes", 4_096, 64, 65_535),
  STREAMS_WRITE_LEASE_MS("streams.write-lease-ms", 2_000, 10, 600_000),
  STREAMS_REST_TIMEOUT_MS("streams.rest-timeout-ms", 500, 10, 10_000),
  CAMERA_ENABLED("camera.enabled", "true", "true or false"),
  CAMERA_QUALITY("camera.quality", 75, 1, 100),
  CAMERA_ACCESS(
      "camera.access",
      "auto",
      "auto (open on the emulated board, token on a Pi), open (anyone on the network may watch),"
          + " or token (/camera, /camera.mjpg and /camera.jpg need the access token)"),
  CAMERA_ALWAYS_ON(
      "camera.always-on",
      "false",
      "true or false: capture with nobody watching too (false: the camera runs only while a"
          + " viewer, a snapshot or an application hook wants frames)"),
  CAMERA_STOP_AFTER_MS("camera.stop-after-ms", 3_000, 0, 3_600_000),
  CAMERA_INDEX("camera.index", 0, 0, 15),
  CAMERA_ROTATION("camera.rotation", "0", "0 or 180 (degrees; the sensor can only flip)"),
  CAMERA_HFLIP("camera.hflip", "false", "true or false: mirror the picture left to right"),
  CAMERA_VFLIP("camera.vflip", "false", "true or false: mirror the picture top to bottom"),
  CAMERA_SHUTTER_US("camera.shutter-us", 0, 0, 600_000_000),
  CAMERA_GAIN(
      "camera.gain", "auto", "auto, or a fixed analogue gain from 1.0 to 64.0 (like 2 or 2.5)"),
  CAMERA_AWB(
      "camera.awb",
      "auto",
      "auto, incandescent, tungsten, fluorescent, indoor, daylight, cloudy or custom"),
  CAMERA_DENOISE("camera.denoise", "auto", "auto, off, cdn_off, cdn_fast or cdn_hq"),
  CAMERA_AUTOFOCUS_MODE("camera.autofocus-mode", "default", "default, manual, auto or continuous"),
  APP_QUEUE_CAPACITY("app.queue-capacity", 256, 8, 1 << 20),
  APP_TIMERS("app.timers", 64, 1, 65_536),
  LOG_LEVEL(
      "log.level",
      "info",
      "off, error, warn, info, debug or trace: the least severe level logged (stderr; the"
          + " journal under systemd)"),
  LOG_LEVELS(
      "log.levels",
      "com.pi4j=warn",
      "none, or logger=level pairs such as com.pi4j=warn,io.lightwire.websock=debug (a logger"
          + " and everything under it)"),
  APP_PATH(
      "app.path",
      "none",
      "none, or the application to run: a jar, a folder of jars, or a Maven project folder"
          + " (its target/); relative to the config file's folder"),
  STATE_DIR(
      "state.dir",
      "auto",
      "auto ($XDG_STATE_HOME/lightwire, else ~/.local/state/lightwire) or a directory path"),
  GPIO_OUTPUTS(
      "gpio.outputs",
      "auto",
      "auto (17,27 on the emulated board, none on a Pi), none, or GPIO numbers like 17,27"),
  GPIO_INPUTS(
      "gpio.inputs",
      "auto",
      "auto (22 on the emulated board, none on a Pi), none, or GPIO numbers like 22,23"),
  GPIO_PWM(
      "gpio.pwm",
      "auto",
      "auto (18 on the emulated board, none on a Pi), none, or GPIO numbers with hardware PWM"),
  MQTT_URL(
      "mqtt.url",
      "",
      "empty (no MQTT bridge) or a broker address tcp://HOST:PORT or ssl://HOST:PORT"),
  MQTT_USERNAME("mqtt.username", "", "a user name for the broker, or empty for none"),
  MQTT_PASSWORD("mqtt.password", "", "the password for mqtt.username, or empty for none"),
  MQTT_NODE_ID(
      "mqtt.node-id", "auto", "auto (the host name) or letters, digits, '_' and '-' (at most 64)"),
  MQTT_TOPIC_PREFIX(
      "mqtt.topic-prefix",
      "auto",
      "auto (lightwire/<node-id>) or an MQTT topic without '+', '#' or a leading or trailing '/'"),
  MQTT_DISCOVERY_PREFIX(
      "mqtt.discovery-prefix",
      "homeassistant",
      "none (no Home Assistant discovery) or a topic without '+', '#' or a leading or trailing"
          + " '/'"),
  MQTT_CA_FILE(
      "mqtt.ca-file",
      "system",
      "system (the JDK's trusted CAs) or a PEM file of CA certificates to trust for ssl://"),
  MQTT_QOS("mqtt.qos", 1, 0, 2),
  MQTT_KEEPALIVE_MS("mqtt.keepalive-ms", 30_000, 1_000, 65_535_000),
  MQTT_CONNECT_TIMEOUT_MS("mqtt.connect-timeout-ms", 10_000, 100, 600_000),
  MQTT_RECONNECT_MIN_MS("mqtt.reconnect-min-ms", 1_000, 10, 600_000),
  MQTT_RECONNECT_MAX_MS("mqtt.reconnect-max-ms", 60_000, 10, 3_600_000),
  MQTT_QUEUE_MESSAGES("mqtt.queue-messages", 64, 1, 65_536),
  MQTT_MESSAGE_BYTES("mqtt.message-bytes", 4_096, 64, 1 << 20),
  MQTT_CAMERA_INTERVAL_MS("mqtt.camera-interval-ms", 60_000, 0, 86_400_000);

  private final String key;
  private final String defaultText;
  private final long min;
  private final long max;
  private final String textRule;

  ConfigKey(String key, long defaultValue, long min, long max) {
    this.key = key;
    this.defaultText = Long.toString(defaultValue);
    this.min = min;
    this.max = max;
    this.textRule = null;
  }

  ConfigKey(String key, String defaultValue, String rule) {
    this.key = key;
    this.defaultText = defaultValue;
    this.min = 0;
    this.max = 0;
    this.textRule = rule;
  }

  /** The key as written in a config file, e.g. {@code server.port}. */
  public String key() {
    return key;
  }

  /** The default, as text. */
  public String defaultText() {
    return defaultText;
  }

  /** True for whole-number keys. */
  public boolean numeric() {
    return textRule == null;
  }

  /** What the key accepts, in words. */
  public String rule() {
    return numeric() ? "a whole number from " + min + " to " + max : textRule;
  }

  /** The smallest allowed number. */
  public long min() {
    return min;
  }

  /** The largest allowed number. */
  public long max() {
    return max;
  }

  /** The key named {@code key}, if there is one. */
  public static Optional<ConfigKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  /** Every key as written in a file, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(ConfigKey::key).toList();
  }
}
