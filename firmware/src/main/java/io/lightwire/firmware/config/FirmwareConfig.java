package io.lightwire.firmware.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The firmware's configuration: defaults, overridden by a file in Java properties syntax ({@code
 * key = value}), overridden by command-line options. Every value is validated when it is set; the
 * first bad one stops with a {@link ConfigException} naming the key, the value and the rule.
 */
public final class FirmwareConfig {

  private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);

  /** The {@code app.*} entries the firmware does not know: the application validates them. */
  private final Map<String, AppEntry> appEntries = new LinkedHashMap<>();

  /**
   * One {@code app.*} entry for the application, as given.
   *
   * @param key the key
   * @param value the value as written
   * @param where where it was set, for error messages ({@code "in lightwire.properties"})
   */
  public record AppEntry(String key, String value, String where) {}

  private FirmwareConfig() {
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, key.defaultText());
    }
  }

  /** The defaults. */
  public static FirmwareConfig defaults() {
    return new FirmwareConfig();
  }

  /**
   * The defaults overridden by the file at {@code path}.
   *
   * @throws ConfigException when the file is missing or unreadable, has an unknown key, or a bad
   *     value
   */
  public static FirmwareConfig load(Path path) throws ConfigException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + path + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage());
    }
    Map<String, String> entries = new LinkedHashMap<>();
    properties.stringPropertyNames().stream()
        .sorted()
        .forEach(k -> entries.put(k, properties.getProperty(k)));
    return defaults().with(entries, "in " + path);
  }

  /**
   * These settings overridden by {@code entries}.
   *
   * @param where added to error messages, e.g. {@code "in lightwire.properties"}
   * @throws ConfigException on an unknown key or a bad value
   */
  public FirmwareConfig with(Map<String, String> entries, String where) throws ConfigException {
    FirmwareConfig copy = new FirmwareConfig();
    copy.values.putAll(values);
    copy.appEntries.putAll(appEntries);
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      if (isApplicationKey(entry.getKey())) {
        copy.appEntries.put(
            entry.getKey(), new AppEntry(entry.getKey(), entry.getValue().trim(), where));
        continue;
      }
      ConfigKey key =
          ConfigKey.byKey(entry.getKey())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "unknown config key '"
                              + entry.getKey()
                              + "' "
                              + where
                              + "; known keys: "
                              + String.join(", ", ConfigKey.keys())));
      copy.values.put(key, validate(key, entry.getValue().trim(), where));
    }
    copy.checkConsistency(where);
    return copy;
  }

  /** True for an {@code app.*} key that is not the firmware's own: the application's. */
  static boolean isApplicationKey(String key) {
    return key.startsWith("app.") && ConfigKey.byKey(key).isEmpty();
  }

  /**
   * The {@code app.*} entries the firmware left to the application, in the order they were set;
   * {@link AppConfig#of} validates them.
   */
  public java.util.Collection<AppEntry> appEntries() {
    return java.util.List.copyOf(appEntries.values());
  }

  /** These settings with one key overridden (command-line options use this). */
  public FirmwareConfig with(ConfigKey key, String value, String where) throws ConfigException {
    return with(Map.of(key.key(), value), where);
  }

  private static String validate(ConfigKey key, String value, String where) throws ConfigException {
    if (key.numeric()) {
      long number;
      try {
        number = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw bad(key, value, where);
      }
      if (number < key.min() || number > key.max()) {
        throw bad(key, value, where);
      }
      return Long.toString(number);
    }
    if (key == ConfigKey.SERVER_BIND && !isIpLiteral(value)) {
      throw bad(key, value, where);
    }
    if ((key == ConfigKey.GPIO_OUTPUTS || key == ConfigKey.GPIO_INPUTS || key == ConfigKey.GPIO_PWM)
        && !value.matches("auto|none|[0-9]{1,2}( *, *[0-9]{1,2})*")) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.CAMERA_ENABLED && !value.matches("true|false")) {
      throw bad(key, value, where);
    }
    if ((key == ConfigKey.STATE_DIR || key == ConfigKey.APP_PATH) && value.isEmpty()) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.BOARD && !value.matches("[a-z0-9][a-z0-9-]*")) {
      throw bad(key, value, where);
    }
    return value;
  }

  private static boolean isIpLiteral(String value) {
    if (!value.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return false; // a host name would need a DNS lookup at boot: refuse it
    }
    try {
      InetAddress.getByName(value);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static ConfigException bad(ConfigKey key, String value, String where) {
    return new ConfigException(
        "config key '" + key.key() + "' " + where + ": '" + value + "' is not " + key.rule());
  }

  private void checkConsistency(String where) throws ConfigException {
    int frameAndHeader = number(ConfigKey.SERVER_MAX_FRAME_BYTES) + 14;
    if (number(ConfigKey.SERVER_TX_BUFFER_BYTES) < frameAndHeader) {
      throw new ConfigException(
          "config key 'server.tx-buffer-bytes' "
              + where
              + ": '"
              + text(ConfigKey.SERVER_TX_BUFFER_BYTES)
              + "' is smaller than server.max-frame-bytes + 14 ("
              + frameAndHeader
              + "); a transmit buffer must hold one whole frame");
    }
    if (number(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS)
        > number(ConfigKey.SERVER_MAX_CONNECTIONS)) {
      throw new ConfigException(
          "config key 'server.max-connections-per-address' "
              + where
              + ": '"
              + text(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS)
              + "' is larger than server.max-connections ("
              + text(ConfigKey.SERVER_MAX_CONNECTIONS)
              + "); 0 means a quarter of the slots, at least 4");
    }
    if (number(ConfigKey.SERVER_RX_BUFFER_BYTES) < number(ConfigKey.SERVER_MAX_HEADER_BYTES)) {
      throw new ConfigException(
          "config key 'server.rx-buffer-bytes' "
              + where
              + ": '"
              + text(ConfigKey.SERVER_RX_BUFFER_BYTES)
              + "' is smaller than server.max-header-bytes ("
              + text(ConfigKey.SERVER_MAX_HEADER_BYTES)
              + "); a request head must fit in the receive buffer");
    }
  }

  /** The value of a text key. */
  public String text(ConfigKey key) {
    return values.get(key);
  }

  /** The value of a numeric key. */
  public int number(ConfigKey key) {
    if (!key.numeric()) {
      throw new IllegalArgumentException(key.key() + " is not numeric");
    }
    return Integer.parseInt(values.get(key));
  }
}
