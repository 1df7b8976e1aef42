package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonObjectTest {

  @Test
  void flatObjectsParse() {
    JsonObject m =
        JsonObject.parse(
            " {\"type\":\"set\", \"bcm\":17, \"level\":true, \"s\":\"a\\\"\\u0041\"} ");
    assertEquals("set", m.string("type"));
    assertEquals(17, m.integer("bcm"));
    assertTrue(m.flag("level"));
    assertEquals("a\"A", m.string("s"));
    assertTrue(!JsonObject.parse("{}").has("type"));
  }

  @Test
  void badInputNamesThePositionAndWhatWasExpected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonObject.parse("{\"a\" 1}"));
    assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> JsonObject.parse("{\"a\":[1]}"));
    assertThrows(IllegalArgumentException.class, () -> JsonObject.parse("{\"a\":1} x"));
    assertThrows(
        IllegalArgumentException.class, () -> JsonObject.parse("{\"bcm\":1.5}").integer("bcm"));
    assertThrows(
        IllegalArgumentException.class, () -> JsonObject.parse("{\"level\":2}").flag("level"));
  }
}
