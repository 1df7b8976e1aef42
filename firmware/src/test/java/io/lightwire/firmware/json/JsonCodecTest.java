package io.lightwire.firmware.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one JSON codec: strict RFC 8259 in, the same value back out. */
class JsonCodecTest {

  @Test
  void validJsonParsesAndWritesBack() throws Exception {
    assertEquals(
        "{\"a\":[1,-2,2.5E10,true,null,\"\\u00e9\\n\"]}",
        JsonCodec.toJson(JsonCodec.parse(" {\"a\": [1, -2, 2.5e10, true, null, \"\\u00e9\\n\"]} "))
            .replace("é", "\\u00e9"));
    assertEquals("\"😀\"", JsonCodec.toJson(JsonCodec.parse("\"\\ud83d\\ude00\"")));
    assertEquals("\"😀\"", JsonCodec.toJson(JsonCodec.parse("\"😀\"")));
    assertEquals("18446744073709551615", JsonCodec.toJson(JsonCodec.parse("18446744073709551615")));
    assertEquals(
        "1.8446744073709552E19", JsonCodec.toJson(JsonCodec.parse("18446744073709551616")));
    assertEquals("[0,0,0.5,1.0E-7]", JsonCodec.toJson(JsonCodec.parse("[0,-0,0.5,1e-7]")));
    String deepest = "[".repeat(JsonCodec.MAX_DEPTH) + "]".repeat(JsonCodec.MAX_DEPTH);
    assertEquals(deepest, JsonCodec.toJson(JsonCodec.parse(deepest)));
  }

  @Test
  void numbersOutsideTheGrammarAreRefused() {
    for (String bad :
        new String[] {
          "+1",
          "01",
          "-01",
          "00",
          "1.",
          ".5",
          "-",
          "1e",
          "1e+",
          "1E-",
          "-.5",
          "0x10",
          "1_000",
          "Infinity",
          "NaN",
          "1e999",
          "- 1"
        }) {
      refused(bad);
      refused("{\"bcm\":" + bad + "}");
    }
  }

  @Test
  void unpairedSurrogatesAreRefusedEscapedOrNot() {
    for (String bad :
        new String[] {
          "\"\\ud800\"",
          "\"\\udc00\"",
          "\"\\ud83d\\u0041\"",
          "\"\\ude00\\ud83d\"",
          "\"\\ud83d\"",
          "\"\ud800\"",
          "\"a\udc00b\""
        }) {
      refused(bad);
    }
  }

  @Test
  void trailingGarbageAndBrokenStructureAreRefused() {
    for (String bad :
        new String[] {
          "",
          " ",
          "[1,]",
          "{\"a\" 1}",
          "{\"a\":1,}",
          "[1] 2",
          "{\"a\":1}x",
          "{\"a\":1}}",
          "{1:2}",
          "\"a",
          "\"\\x\"",
          "\"\\u12\"",
          "tru",
          "nul",
          "\"\t\"",
          "// c\n1",
          "'a'",
          "{\"a\":1,\"a\":2}"
        }) {
      refused(bad);
    }
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    int over = JsonCodec.MAX_DEPTH + 1;
    JsonException e = refused("[".repeat(over) + "]".repeat(over));
    assertTrue(e.getMessage().contains("deeper than " + JsonCodec.MAX_DEPTH), e.getMessage());
    refused("{\"a\":".repeat(over) + "1" + "}".repeat(over));
    // Far deeper text is refused at the limit, not with a stack overflow.
    refused("[".repeat(100_000));
  }

  private static JsonException refused(String text) {
    JsonException e = assertThrows(JsonException.class, () -> JsonCodec.parse(text), text);
    assertTrue(e.getMessage().contains("at character"), e.getMessage());
    return e;
  }
}
