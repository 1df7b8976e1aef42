package io.lightwire.firmware.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application's config values: every key it declared ({@link AppConfigKey}), from the config
 * file or the command line, else its default. Made before boot, when an unknown {@code app.*} key
 * or a bad value stops the firmware with the same kind of message as its own keys. Immutable; any
 * thread.
 */
public final class AppConfig {

  private final Map<String, AppConfigKey> keys = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  private AppConfig() {}

  /**
   * Validates the {@code app.*} entries of {@code config} against {@code declared}.
   *
   * @param application the application's name, for the message about an unknown key ({@code null}
   *     when no application runs: then every such key is unknown)
   * @throws ConfigException on an unknown {@code app.*} key (the message suggests the nearest) or a
   *     bad value (the message names the key, the value and the rule)
   */
  public static AppConfig of(FirmwareConfig config, List<AppConfigKey> declared, String application)
      throws ConfigException {
    AppConfig app = new AppConfig();
    for (AppConfigKey key : declared) {
      if (app.keys.put(key.key(), key) != null) {
        throw new IllegalArgumentException(
            "application '" + application + "' declares config key " + key.key() + " twice");
      }
      app.values.put(key.key(), key.defaultText());
    }
    for (FirmwareConfig.AppEntry entry : config.appEntries()) {
      AppConfigKey key = app.keys.get(entry.key());
      if (key == null) {
        List<String> known = new ArrayList<>(ConfigKey.keys());
        known.addAll(app.keys.keySet());
        // As for the firmware's keys: the nearest key, not a list of all of them.
        throw new ConfigException(
            "unknown config key '"
                + entry.key()
                + "' "
                + entry.where()
                + (application == null
                    ? " (no application runs)"
                    : " (not one of application '" + application + "')")
                + DidYouMean.closest(entry.key(), known)
                    .map(k -> "; did you mean '" + k + "'?")
                    .orElse(
                        app.keys.isEmpty()
                            ? ""
                            : "; the application's keys: " + String.join(", ", app.keys.keySet())));
      }
      app.values.put(key.key(), key.validate(entry.value(), entry.where()));
    }
    return app;
  }

  /** The value of a text key. */
  public String text(String key) {
    declared(key);
    return values.get(key);
  }

  /** The value of a numeric key. */
  public long number(String key) {
    if (!declared(key).numeric()) {
      throw new IllegalArgumentException(key + " is not numeric");
    }
    return Long.parseLong(values.get(key));
  }

  /** The value of a {@link AppConfigKey#flag} key. */
  public boolean flag(String key) {
    return Boolean.parseBoolean(text(key));
  }

  private AppConfigKey declared(String key) {
    AppConfigKey k = keys.get(key);
    if (k == null) {
      throw new IllegalArgumentException(
          "config key '"
              + key
              + "' is not declared by the application; declared: "
              + keys.keySet());
    }
    return k;
  }
}
