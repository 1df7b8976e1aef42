package io.lightwire.firmware.mqtt;

import io.lightwire.firmware.json.JsonCodec;
import java.nio.charset.StandardCharsets;

/**
 * Home Assistant MQTT discovery: one retained config per entity under {@code
 * DISCOVERY/COMPONENT/NODE/OBJECT/config} (outputs as {@code switch}, inputs as {@code
 * binary_sensor}, PWM pins as {@code number}, readable device streams as {@code sensor}, the camera
 * as {@code camera}), each naming the board's status topic as its availability and carrying the
 * same device block (the node, the board's model, the Lightwire version), so Home Assistant groups
 * them under one device. An empty retained payload on the same topic removes an entity.
 */
final class Discovery {

  private final String discoveryPrefix;
  private final String nodeId;
  private final Topics topics;
  private final String device;
  private final int qos;

  /**
   * @param discoveryPrefix Home Assistant's prefix, usually {@code homeassistant}
   * @param nodeId the board's node id (letters, digits, {@code _}, {@code -})
   * @param boardName the board's model, e.g. "Raspberry Pi 4 Model B"
   * @param version the Lightwire version
   */
  Discovery(
      String discoveryPrefix,
      String nodeId,
      Topics topics,
      String boardName,
      String version,
      int qos) {
    this.discoveryPrefix = discoveryPrefix;
    this.nodeId = nodeId;
    this.topics = topics;
    this.qos = qos;
    StringBuilder d = new StringBuilder("{\"identifiers\":[");
    JsonCodec.string("lightwire_" + nodeId, d);
    d.append("],\"name\":");
    JsonCodec.string(nodeId, d);
    d.append(",\"manufacturer\":\"Lightwire\",\"model\":");
    JsonCodec.string(boardName, d);
    d.append(",\"sw_version\":");
    JsonCodec.string(version, d);
    this.device = d.append('}').toString();
  }

  /** A config message: where it goes and what it says. */
  record Config(String topic, byte[] payload) {}

  /** An output as a switch: ON/OFF state, ON/OFF commands. */
  Config output(int bcm) {
    StringBuilder json = common("GPIO " + bcm, "gpio" + bcm);
    onOff(json, bcm);
    field(json, "command_topic", topics.gpioSet(bcm));
    return config("switch", "gpio" + bcm, json);
  }

  /** An input as a binary sensor: ON/OFF state. */
  Config input(int bcm) {
    StringBuilder json = common("GPIO " + bcm, "gpio" + bcm);
    onOff(json, bcm);
    return config("binary_sensor", "gpio" + bcm, json);
  }

  /** A PWM pin as a number: duty 0 to 100 %. */
  Config pwm(int bcm) {
    StringBuilder json = common("PWM " + bcm, "pwm" + bcm);
    field(json, "state_topic", topics.pwmState(bcm));
    field(json, "command_topic", topics.pwmSet(bcm));
    json.append(",\"min\":0,\"max\":100,\"step\":1");
    field(json, "unit_of_measurement", "%");
    field(json, "mode", "slider");
    return config("number", "pwm" + bcm, json);
  }

  /** A readable device stream as a sensor whose state is the stream's JSON value. */
  Config stream(String name, String topic) {
    String object = "stream_" + objectId(name);
    StringBuilder json = common("Stream " + name, object);
    field(json, "state_topic", topic);
    return config("sensor", object, json);
  }

  /** The camera: the snapshot topic's JPEG. */
  Config camera() {
    StringBuilder json = common("Camera", "camera");
    field(json, "topic", topics.snapshot());
    return config("camera", "camera", json);
  }

  /** The empty retained message that removes {@code config}'s entity (a stream that went away). */
  static Config removal(Config config) {
    return new Config(config.topic(), new byte[0]);
  }

  private StringBuilder common(String name, String object) {
    StringBuilder json = new StringBuilder(512).append('{');
    JsonCodec.string("name", json);
    json.append(':');
    JsonCodec.string(name, json);
    field(json, "unique_id", nodeId + "_" + object);
    field(json, "availability_topic", topics.status());
    field(json, "payload_available", MqttBridge.ONLINE);
    field(json, "payload_not_available", MqttBridge.OFFLINE);
    json.append(",\"qos\":").append(qos);
    json.append(",\"device\":").append(device);
    return json;
  }

  /** A digital pin's state topic and its ON/OFF payloads. */
  private void onOff(StringBuilder json, int bcm) {
    field(json, "state_topic", topics.gpioState(bcm));
    field(json, "payload_on", "ON");
    field(json, "payload_off", "OFF");
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append(',');
    JsonCodec.string(name, json);
    json.append(':');
    JsonCodec.string(value, json);
  }

  private Config config(String component, String object, StringBuilder json) {
    String topic = discoveryPrefix + "/" + component + "/" + nodeId + "/" + object + "/config";
    return new Config(topic, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A stream name as a discovery object id: characters outside [A-Za-z0-9_-] become '_'. */
  static String objectId(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }
}
