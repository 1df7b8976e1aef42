package io.lightwire.firmware.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Control messages: one object read by the strict codec, members checked by type. */
class JsonMessageTest {

  @Test
  void membersAreReadByType() {
    JsonMessage m =
        JsonMessage.parse(
            " {\"type\":\"set\",\"bcm\":17,\"level\":true,\"duty\":37.5,\"on\":1,\"x\":null} ");
    assertEquals("set", m.string("type"));
    assertEquals(17, m.integer("bcm"));
    assertTrue(m.flag("level"));
    assertTrue(m.flag("on"));
    assertEquals(37.5, m.number("duty"));
    assertTrue(m.has("x"));
    assertNull(m.string("x"));
    assertNull(m.string("absent"));
    assertFalse(JsonMessage.parse("{}").has("type"));
  }

  @Test
  void wrongTypesNameTheMemberAndTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonMessage.parse("{\"bcm\":1.5}").integer("bcm"));
    assertTrue(
        e.getMessage().contains("\"bcm\"") && e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> JsonMessage.parse("{\"level\":2}").flag("level"));
    assertThrows(
        IllegalArgumentException.class, () -> JsonMessage.parse("{\"type\":1}").string("type"));
    assertThrows(IllegalArgumentException.class, () -> JsonMessage.parse("{}").number("duty"));
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonMessage.parse("{\"bcm\":4294967296}").integer("bcm"));
  }

  @Test
  void invalidJsonAndNonObjectsAreRefusedWithTheCodecsReason() {
    for (String bad :
        new String[] {
          "{\"bcm\":+1}",
          "{\"bcm\":01}",
          "{\"bcm\":1.}",
          "{\"bcm\":-}",
          "{\"bcm\":1e}",
          "{\"t\":\"\\ud800\"}",
          "{\"a\":1} x",
          "[1]",
          "\"set\"",
          "1"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> JsonMessage.parse(bad), bad);
      assertTrue(
          e.getMessage().contains("at character") || e.getMessage().contains("JSON object"),
          e.getMessage());
    }
  }
}
