package io.lightwire.examples.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

  @Test
  void readsStringsBooleansIntegersAndNull() {
    Map<String, Object> m =
        FlatJson.parse(" { \"type\" : \"led\", \"on\":true,\"off\":false,\"n\":-42,\"x\":null } ");
    assertEquals("led", m.get("type"));
    assertEquals(Boolean.TRUE, m.get("on"));
    assertEquals(Boolean.FALSE, m.get("off"));
    assertEquals(-42L, m.get("n"));
    assertTrue(m.containsKey("x"));
    assertNull(m.get("x"));
  }

  @Test
  void decodesEscapes() {
    assertEquals(
        "a\"b\\c/d\n\u00e9", FlatJson.parse("{\"t\":\"a\\\"b\\\\c\\/d\\n\\u00e9\"}").get("t"));
  }

  @Test
  void anEmptyObjectHasNoMembers() {
    assertTrue(FlatJson.parse("{}").isEmpty());
  }

  @Test
  void refusesWhatTheProtocolDoesNotHaveNamingTheOffset() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "{\"a\":{}}",
          "{\"a\":[1]}",
          "{\"a\":1,}",
          "{\"a\":1} x",
          "{\"a\":\"\\q\"}",
          "{\"a\":\"open",
          "{\"a\":1,\"a\":2}",
          "{a:1}",
          "{\"a\":99999999999999999999}"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FlatJson.parse(bad), bad);
      assertTrue(
          e.getMessage().startsWith("bad JSON at offset") || e.getMessage().contains("twice"),
          e.getMessage());
    }
  }
}
