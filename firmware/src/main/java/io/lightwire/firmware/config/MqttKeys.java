package io.lightwire.firmware.config;

import java.util.regex.Pattern;

/** The value rules of the {@code mqtt.*} text keys (their numeric ones are ranges in ConfigKey). */
final class MqttKeys {

  private static final Pattern URL =
      Pattern.compile("(tcp|ssl)://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}");

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private MqttKeys() {}

  /** True when {@code value} is allowed for {@code key}; keys other than mqtt.* always pass. */
  static boolean valid(ConfigKey key, String value) {
    return switch (key) {
      case MQTT_URL -> value.isEmpty() || validUrl(value);
      case MQTT_NODE_ID -> value.equals("auto") || NODE_ID.matcher(value).matches();
      case MQTT_TOPIC_PREFIX -> value.equals("auto") || validTopic(value);
      case MQTT_DISCOVERY_PREFIX -> value.equals("none") || validTopic(value);
      case MQTT_CA_FILE -> !value.isEmpty();
      default -> true;
    };
  }

  private static boolean validUrl(String value) {
    if (!URL.matcher(value).matches()) {
      return false;
    }
    int port = Integer.parseInt(value.substring(value.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65_535;
  }

  /** A topic to publish under: no wildcards, no empty first or last level, no control chars. */
  static boolean validTopic(String value) {
    if (value.isEmpty() || value.startsWith("/") || value.endsWith("/") || value.length() > 200) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '+' || c == '#' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
