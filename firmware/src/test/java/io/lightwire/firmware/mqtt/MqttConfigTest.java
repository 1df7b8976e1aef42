package io.lightwire.firmware.mqtt;

import static io.lightwire.firmware.config.ConfigRefusals.assertMentions;
import static io.lightwire.firmware.config.ConfigRefusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.MemoryPlan;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mqtt.* keys: defaults (bridge off), validation naming key and value, the plan's rows. */
class MqttConfigTest {

  private static FirmwareConfig with(String key, String value) throws ConfigException {
    return FirmwareConfig.defaults().with(Map.of(key, value), "in the test");
  }

  @Test
  void withoutAUrlTheBridgeIsOffAndItsPlanRowsAreEmpty() {
    FirmwareConfig config = FirmwareConfig.defaults();
    assertNull(MqttSettings.from(config));
    MemoryPlan plan = MemoryPlan.from(config);
    assertEquals(0, plan.entry(MemoryPlan.MQTT_MESSAGES).count());
    assertEquals(0, plan.entry(MemoryPlan.MQTT_SNAPSHOT).count());
  }

  @Test
  void withAUrlTheDefaultsDeriveFromTheNodeId() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(Map.of("mqtt.url", "ssl://broker.lan:8883", "mqtt.node-id", "kitchen"), "t");
    MqttSettings s = MqttSettings.from(config);
    assertEquals("lightwire/kitchen", s.prefix());
    assertEquals("homeassistant", s.discoveryPrefix());
    assertTrue(s.tls());
    assertNull(s.caFile(), "the JDK's CAs");
    assertEquals(1, s.qos());
    assertEquals(30, s.keepAliveSeconds());
    MemoryPlan plan = MemoryPlan.from(config);
    assertEquals(64, plan.entry(MemoryPlan.MQTT_MESSAGES).count());
    assertEquals(4_096, plan.entry(MemoryPlan.MQTT_MESSAGES).size());
    assertEquals(1, plan.entry(MemoryPlan.MQTT_SNAPSHOT).count());
    assertTrue(plan.table().contains("mqtt messages"), plan.table());
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    for (String[] bad :
        new String[][] {
          {"mqtt.url", "mqtt://broker:1883"},
          {"mqtt.url", "tcp://broker"},
          {"mqtt.url", "tcp://broker:0"},
          {"mqtt.node-id", "kitchen/pi"},
          {"mqtt.topic-prefix", "home/#"},
          {"mqtt.topic-prefix", "/home"},
          {"mqtt.discovery-prefix", "ha/+/x"},
          {"mqtt.qos", "3"},
          {"mqtt.keepalive-ms", "10"},
        }) {
      assertMentions(refusal(bad[0], bad[1]), "'" + bad[0] + "'", "'" + bad[1] + "'");
    }
  }

  @Test
  void theBackOffMayNotShrink() {
    assertMentions(
        refusal("mqtt.reconnect-min-ms", "5000", "mqtt.reconnect-max-ms", "1000"),
        "mqtt.reconnect-max-ms");
  }

  @Test
  void discoveryCanBeTurnedOff() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(Map.of("mqtt.url", "tcp://10.0.0.2:1883", "mqtt.discovery-prefix", "none"), "t");
    assertNull(MqttSettings.from(config).discoveryPrefix());
  }
}
