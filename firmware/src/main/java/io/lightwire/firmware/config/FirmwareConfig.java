package io.lightwire.firmware.config;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.Boards;
import io.lightwire.websock.server.SameOrigin;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The firmware's configuration: defaults, overridden by a file in Java properties syntax ({@code
 * key = value}), overridden by {@code LIGHTWIRE_<KEY>} environment variables ({@link
 * #withEnvironment}), overridden by command-line options. Every value is validated when it is set;
 * the first bad one stops with a {@link ConfigException} naming the key, where the value came from
 * (file, variable or option), the value and the rule. Each value remembers its {@link
 * ConfigSource}. Immutable; safe to share between threads.
 */
public final class FirmwareConfig {

  /** The prefix of the environment variables that override config keys. */
  public static final String ENVIRONMENT_PREFIX = "LIGHTWIRE_";

  private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
  private final Map<ConfigKey, ConfigSource> sources = new EnumMap<>(ConfigKey.class);

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
      sources.put(key, ConfigSource.DEFAULT);
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
    return defaults().with(entries, ConfigSource.file(path));
  }

  /**
   * The environment variable that overrides {@code key}: {@code LIGHTWIRE_} and the key in upper
   * case with dots and dashes as underscores ({@code server.max-connections} is {@code
   * LIGHTWIRE_SERVER_MAX_CONNECTIONS}). Works for any key, including ones added later.
   */
  public static String environmentVariable(String key) {
    return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * These settings overridden by the {@code LIGHTWIRE_<KEY>} variables of {@code environment} (the
   * process's is {@link System#getenv()}), validated like any other source; an error names the
   * variable. Variables that name no key are left alone (see {@link #strayEnvironment}).
   *
   * @throws ConfigException on a bad value
   */
  public FirmwareConfig withEnvironment(Map<String, String> environment) throws ConfigException {
    return withEnvironment(environment, ConfigKey.keys());
  }

  /**
   * These settings overridden by the {@code LIGHTWIRE_<KEY>} variables of {@code keys} only: an
   * application's {@code app.*} keys, which only it knows, go through here once it is loaded (their
   * values are checked by {@link AppConfig#of}, naming the variable).
   *
   * @throws ConfigException on a bad value of a firmware key
   */
  public FirmwareConfig withEnvironment(
      Map<String, String> environment, java.util.Collection<String> keys) throws ConfigException {
    List<Setting> settings = new ArrayList<>();
    for (String key : keys) {
      String variable = environmentVariable(key);
      String value = environment.get(variable);
      if (value != null) {
        settings.add(new Setting(key, value, ConfigSource.environment(variable)));
      }
    }
    return with(settings);
  }

  /**
   * Warnings for {@code LIGHTWIRE_} variables that look like a mistyped key's variable ({@code
   * LIGHTWIRE_SERVER_PROT}); they override nothing. Other {@code LIGHTWIRE_} variables (the
   * launcher's, CI's) are not config and get no warning.
   */
  public static List<String> strayEnvironment(Map<String, String> environment) {
    List<String> variables =
        ConfigKey.keys().stream().map(FirmwareConfig::environmentVariable).toList();
    List<String> warnings = new ArrayList<>();
    environment.keySet().stream()
        .filter(name -> name.startsWith(ENVIRONMENT_PREFIX) && !variables.contains(name))
        .sorted()
        .forEach(
            name ->
                DidYouMean.closest(name, variables)
                    .ifPresent(
                        known ->
                            warnings.add(
                                "environment variable "
                                    + name
                                    + " is no config key and is ignored; did you mean "
                                    + known
                                    + "?")));
    return warnings;
  }

  /**
   * These settings overridden by {@code entries}.
   *
   * @param where added to error messages, e.g. {@code "in lightwire.properties"}
   * @throws ConfigException on an unknown key or a bad value
   */
  public FirmwareConfig with(Map<String, String> entries, String where) throws ConfigException {
    return with(entries, ConfigSource.other(where));
  }

  /**
   * These settings overridden by {@code entries}, all from {@code source}.
   *
   * @throws ConfigException on an unknown key or a bad value
   */
  public FirmwareConfig with(Map<String, String> entries, ConfigSource source)
      throws ConfigException {
    List<Setting> settings = new ArrayList<>();
    entries.forEach((key, value) -> settings.add(new Setting(key, value, source)));
    return with(settings);
  }

  /** These settings with one key overridden. */
  public FirmwareConfig with(ConfigKey key, String value, String where) throws ConfigException {
    return with(Map.of(key.key(), value), where);
  }

  /**
   * One value for a key and where it came from.
   *
   * @param key the key as written in a file, e.g. {@code server.port}
   * @param value the value as given (surrounding blanks are ignored)
   * @param source where it came from, for errors and {@code config --print}
   */
  public record Setting(String key, String value, ConfigSource source) {}

  /**
   * These settings overridden by {@code settings}, each from its own source (the command line's
   * options use this, so an error names the option). Consistency between keys is checked once,
   * after all of them are set.
   *
   * @throws ConfigException on an unknown key or a bad value
   */
  public FirmwareConfig with(List<Setting> settings) throws ConfigException {
    FirmwareConfig copy = new FirmwareConfig();
    copy.values.putAll(values);
    copy.sources.putAll(sources);
    copy.appEntries.putAll(appEntries);
    for (Setting setting : settings) {
      String where = setting.source().where();
      if (isApplicationKey(setting.key())) {
        copy.appEntries.put(
            setting.key(), new AppEntry(setting.key(), setting.value().trim(), where));
        continue;
      }
      ConfigKey key =
          ConfigKey.byKey(setting.key()).orElseThrow(() -> unknownKey(setting.key(), where));
      copy.values.put(key, validate(key, setting.value().trim(), where));
      copy.sources.put(key, setting.source());
    }
    copy.checkConsistency();
    return copy;
  }

  private static ConfigException unknownKey(String key, String where) {
    Optional<String> near = DidYouMean.closest(key, ConfigKey.keys());
    return new ConfigException(
        "unknown config key '"
            + key
            + "' "
            + where
            + near.map(k -> "; did you mean '" + k + "'?")
                .orElse(" (lightwire config --print lists every key)"));
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
    if (key == ConfigKey.SERVER_BIND) {
      return bindAddress(value, where);
    }
    if ((key == ConfigKey.GPIO_OUTPUTS || key == ConfigKey.GPIO_INPUTS || key == ConfigKey.GPIO_PWM)
        && !value.matches("auto|none|[0-9]{1,2}( *, *[0-9]{1,2})*")) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.SERVER_ALLOWED_ORIGINS) {
      try {
        allowedOrigins(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "config key '"
                + key.key()
                + "' "
                + where
                + ": '"
                + value
                + "' is not "
                + key.rule()
                + ": "
                + e.getMessage());
      }
    }
    if ((key == ConfigKey.CAMERA_ENABLED || key == ConfigKey.SERVER_TLS)
        && !value.matches("true|false")) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.CAMERA_ACCESS && !value.matches("auto|open|token")) {
      throw bad(key, value, where);
    }
    if ((key == ConfigKey.STATE_DIR
            || key == ConfigKey.APP_PATH
            || key == ConfigKey.SERVER_TLS_CERT
            || key == ConfigKey.SERVER_TLS_KEY)
        && value.isEmpty()) {
      throw bad(key, value, where);
    }
    String level = "(off|error|warn|info|debug|trace)";
    if (key == ConfigKey.LOG_LEVEL && !value.matches(level)) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.LOG_LEVELS
        && !value.matches(
            "none|[A-Za-z_$][\\w.$]* *= *"
                + level
                + "( *, *[A-Za-z_$][\\w.$]* *= *"
                + level
                + ")*")) {
      throw bad(key, value, where);
    }
    if (key == ConfigKey.BOARD) {
      // Board ids are case-insensitive everywhere (Pi5 is pi5); the canonical id is kept.
      if (value.equalsIgnoreCase("auto")) {
        return "auto";
      }
      return Boards.byId(value)
          .map(BoardDescriptor::id)
          .orElseThrow(
              () ->
                  new ConfigException(
                      "config key 'board' "
                          + where
                          + ": "
                          + Boards.unknown(value)
                          + "; auto detects a Pi, else the emulated board"));
    }
    if (!MqttKeys.valid(key, value)) {
      throw bad(key, value, where);
    }
    if (!CameraKeys.valid(key, value)) {
      throw bad(key, value, where);
    }
    return value;
  }

  /**
   * The same-origin rule of every WebSocket endpoint: the device's own pages, clients without
   * {@code Origin}, and {@code server.allowed-origins}.
   */
  public SameOrigin sameOrigin() {
    // With TLS the device's own pages are https:// ones: a plain http:// page naming the same host
    // is not the device's (anyone on the path could have served it).
    return new SameOrigin(tls(), allowedOrigins(text(ConfigKey.SERVER_ALLOWED_ORIGINS)));
  }

  /** True when the server serves {@code https://} and {@code wss://}: server.tls or a cert file. */
  public boolean tls() {
    return Boolean.parseBoolean(text(ConfigKey.SERVER_TLS))
        || !text(ConfigKey.SERVER_TLS_CERT).equals("none");
  }

  /**
   * The origins a {@code server.allowed-origins} value lists, normalized ({@code none}: none).
   *
   * @throws IllegalArgumentException naming the entry that is not an origin
   */
  public static List<String> allowedOrigins(String value) {
    if (value.strip().equals("none")) {
      return List.of();
    }
    List<String> origins = new ArrayList<>();
    for (String entry : value.split(",")) {
      origins.add(SameOrigin.normalize(entry));
    }
    return List.copyOf(origins);
  }

  /**
   * An IP address to listen on; {@code localhost} is taken as {@code 127.0.0.1} (IPv4 loopback,
   * without asking any resolver). Other host names are refused: they would need a lookup at boot.
   */
  private static String bindAddress(String value, String where) throws ConfigException {
    if (value.equalsIgnoreCase("localhost")) {
      return "127.0.0.1";
    }
    if (value.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      try {
        InetAddress.ofLiteral(value);
        return value;
      } catch (IllegalArgumentException e) {
        // not a well-formed literal: refused below
      }
    }
    throw new ConfigException(
        "config key 'server.bind' "
            + where
            + ": '"
            + value
            + "' is not an IP address; use 0.0.0.0 (every interface), 127.0.0.1 (this machine"
            + " only) or one of this machine's addresses (host names are not looked up)");
  }

  private static ConfigException bad(ConfigKey key, String value, String where) {
    return new ConfigException(
        "config key '" + key.key() + "' " + where + ": '" + value + "' is not " + key.rule());
  }

  private void checkConsistency() throws ConfigException {
    if (text(ConfigKey.SERVER_TLS_CERT).equals("none")
        != text(ConfigKey.SERVER_TLS_KEY).equals("none")) {
      throw new ConfigException(
          "config keys 'server.tls.cert' ('"
              + text(ConfigKey.SERVER_TLS_CERT)
              + "', "
              + source(ConfigKey.SERVER_TLS_CERT).where()
              + ") and 'server.tls.key' ('"
              + text(ConfigKey.SERVER_TLS_KEY)
              + "', "
              + source(ConfigKey.SERVER_TLS_KEY).where()
              + "): give both or neither");
    }
    if (number(ConfigKey.MQTT_RECONNECT_MAX_MS) < number(ConfigKey.MQTT_RECONNECT_MIN_MS)) {
      throw inconsistent(
          ConfigKey.MQTT_RECONNECT_MAX_MS,
          "is smaller than mqtt.reconnect-min-ms ("
              + text(ConfigKey.MQTT_RECONNECT_MIN_MS)
              + "); the back-off grows from the one to the other");
    }
    ServerSettings.from(this); // the server's own limits between keys, under their key names
  }

  /** A value that is valid alone but not with another key's: names the key, its source, value. */
  private ConfigException inconsistent(ConfigKey key, String problem) {
    return new ConfigException(
        "config key '"
            + key.key()
            + "' "
            + source(key).where()
            + ": '"
            + text(key)
            + "' "
            + problem);
  }

  /** Where the value of {@code key} came from. */
  public ConfigSource source(ConfigKey key) {
    return sources.get(key);
  }

  /**
   * The camera controls ({@code camera.index}, {@code camera.rotation}, ...) as the hal takes them.
   */
  public io.lightwire.hal.CameraControls cameraControls() {
    return CameraKeys.controls(this);
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
