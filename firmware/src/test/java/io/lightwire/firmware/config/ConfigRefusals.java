package io.lightwire.firmware.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

/** Config that must be refused, and what the refusal must say (it names the key and the value). */
public final class ConfigRefusals {

  private ConfigRefusals() {}

  /**
   * Applies {@code keyValues} (key, value, key, value...) over the defaults and returns the message
   * of the {@link ConfigException} that must follow; fails when the config is accepted.
   */
  public static String refusal(String... keyValues) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return assertThrows(
            ConfigException.class, () -> FirmwareConfig.defaults().with(settings, "in the test"))
        .getMessage();
  }

  /** Asserts that {@code message} contains every one of {@code parts}. */
  public static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), message);
    }
  }
}
