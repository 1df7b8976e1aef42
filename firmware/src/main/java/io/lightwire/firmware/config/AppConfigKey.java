package io.lightwire.firmware.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One config key of an application ({@code app.NAME}), with its default and what it accepts. The
 * firmware validates the config's {@code app.*} entries against the keys an {@link
 * io.lightwire.firmware.Application} declares, with the same messages as its own keys: the key, the
 * value and the rule.
 *
 * @param key the key as written in a config file; begins with {@code app.}
 * @param defaultText the default, as text (valid itself)
 * @param rule what the key accepts, in words, for error messages
 * @param min the smallest allowed number (numeric keys)
 * @param max the largest allowed number (numeric keys)
 * @param pattern the whole-value pattern a text key must match, or null for numeric keys
 */
public record AppConfigKey(
    String key, String defaultText, String rule, long min, long max, Pattern pattern) {

  /** Keys the firmware itself reads under {@code app.}; an application cannot declare them. */
  static final java.util.Set<String> FIRMWARE_KEYS =
      java.util.Set.of(
          ConfigKey.APP_QUEUE_CAPACITY.key(), ConfigKey.APP_TIMERS.key(), ConfigKey.APP_PATH.key());

  public AppConfigKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(defaultText, "defaultText");
    Objects.requireNonNull(rule, "rule");
    if (!key.matches("app\\.[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "application config key '" + key + "' must be app. followed by lower case a-z, 0-9, . -");
    }
    if (FIRMWARE_KEYS.contains(key)) {
      throw new IllegalArgumentException(
          "application config key '" + key + "' is the firmware's own; choose another name");
    }
  }

  /** A whole-number key from {@code min} to {@code max}. */
  public static AppConfigKey number(String key, long defaultValue, long min, long max) {
    if (min > max || defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(
          key + ": default " + defaultValue + " is not in [" + min + ", " + max + "]");
    }
    return new AppConfigKey(
        key,
        Long.toString(defaultValue),
        "a whole number from " + min + " to " + max,
        min,
        max,
        null);
  }

  /**
   * A text key whose whole value matches {@code regex}.
   *
   * @param rule what the key accepts, in words ({@code "a greeting of 1 to 40 letters"})
   */
  public static AppConfigKey text(String key, String defaultValue, String regex, String rule) {
    Pattern pattern = Pattern.compile(regex);
    if (!pattern.matcher(defaultValue).matches()) {
      throw new IllegalArgumentException(key + ": default '" + defaultValue + "' is not " + rule);
    }
    return new AppConfigKey(key, defaultValue, rule, 0, 0, pattern);
  }

  /** A {@code true}/{@code false} key. */
  public static AppConfigKey flag(String key, boolean defaultValue) {
    return text(key, Boolean.toString(defaultValue), "true|false", "true or false");
  }

  /** True for whole-number keys. */
  public boolean numeric() {
    return pattern == null;
  }

  /**
   * {@code value} as stored, when valid.
   *
   * @param where added to the message, e.g. {@code "in lightwire.properties"}
   * @throws ConfigException naming the key, the value and the rule
   */
  String validate(String value, String where) throws ConfigException {
    String trimmed = value.trim();
    if (numeric()) {
      try {
        long number = Long.parseLong(trimmed);
        if (number >= min && number <= max) {
          return Long.toString(number);
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    } else if (pattern.matcher(trimmed).matches()) {
      return trimmed;
    }
    throw new ConfigException(
        "config key '" + key + "' " + where + ": '" + trimmed + "' is not " + rule);
  }
}
