package io.lightwire.firmware.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The bridge's topic names and the parser of its command topics. */
class TopicsTest {

  private final Topics topics = new Topics("lightwire/board1");

  @Test
  void commandTopicsParseToTheirKindPinOrStream() {
    assertEquals(
        new Topics.Command(Topics.Kind.GPIO_SET, 27, null),
        topics.parse("lightwire/board1/gpio/27/set"));
    assertEquals(
        new Topics.Command(Topics.Kind.PWM_SET, 18, null),
        topics.parse("lightwire/board1/pwm/18/set"));
    assertEquals(
        new Topics.Command(Topics.Kind.STREAM_SET, -1, "room temp"),
        topics.parse("lightwire/board1/streams/room temp/set"));
    assertEquals(
        new Topics.Command(Topics.Kind.SNAPSHOT, -1, null),
        topics.parse("lightwire/board1/camera/snapshot/set"));
  }

  @Test
  void anythingElseIsNoCommand() {
    for (String topic :
        new String[] {
          "lightwire/board1/gpio/27/state",
          "lightwire/board1/gpio/x7/set",
          "lightwire/board1/gpio/640/set",
          "lightwire/board1/gpio//set",
          "lightwire/board1/gpio/27/extra/set",
          "lightwire/board1/streams/set",
          "lightwire/board1/lamp/1/set",
          "lightwire/board10/gpio/27/set",
          "other/board1/gpio/27/set",
          "lightwire/board1"
        }) {
      assertNull(topics.parse(topic), topic);
    }
  }

  @Test
  void stateTopicsAndSubscriptionsSitUnderThePrefix() {
    assertEquals("lightwire/board1/status", topics.status());
    assertEquals("lightwire/board1/gpio/22/state", topics.gpioState(22));
    assertEquals("lightwire/board1/pwm/18/state", topics.pwmState(18));
    assertEquals("lightwire/board1/streams/counter", topics.stream("counter"));
    assertEquals("lightwire/board1/camera/snapshot", topics.snapshot());
    assertArrayEquals(
        new String[] {
          "lightwire/board1/gpio/+/set",
          "lightwire/board1/pwm/+/set",
          "lightwire/board1/streams/+/set",
          "lightwire/board1/camera/snapshot/set"
        },
        topics.subscriptions());
  }

  @Test
  void aStreamNameWithAWildcardIsNotBridged() {
    assertNull(topics.stream("a+b"));
    assertNull(topics.stream("all#"));
  }

  @Test
  void aNodeIdComesFromTheHostNamesFirstLabel() {
    assertEquals("pi-kitchen", MqttSettings.nodeIdOf("Pi-Kitchen.local"));
    assertEquals("my_board", MqttSettings.nodeIdOf("my board"));
    assertEquals(MqttSettings.FALLBACK_NODE_ID, MqttSettings.nodeIdOf(""));
  }

  @Test
  void aDutyIsWrittenAsTheShortestNumber() {
    assertEquals("25", new String(PinStates.dutyText(25)));
    assertEquals("12.5", new String(PinStates.dutyText(12.5)));
    assertEquals("0", new String(PinStates.dutyText(0)));
  }
}
