package io.lightwire.firmware.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The stream messages as bytes (hex fixtures). */
class WireTest {

  private static Wire.Envelope decode(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    Wire.Envelope e = new Wire.Envelope();
    e.decode(bytes, 0, bytes.length);
    return e;
  }

  @Test
  void theFiveMessagesDecode() {
    Wire.Envelope list = decode("92 01 07");
    assertEquals(Wire.LIST, list.op);
    assertEquals(7, list.id);
    Wire.Envelope read = decode("93 02 08 a4 74656d70"); // [2, 8, "temp"]
    assertEquals("temp", read.stream);
    Wire.Envelope write = decode("94 03 00 a3 6c6564 c3"); // [3, 0, "led", true]
    assertEquals("true", write.value.toJson());
    Wire.Envelope result = decode("93 04 09 cb 4035800000000000"); // [4, 9, 21.5]
    assertEquals(21.5, result.value.asFloatValue().toDouble());
    Wire.Envelope error = decode("95 05 02 a1 78 a1 79 c0"); // [5, 2, "x", "y", nil]
    assertEquals("x", error.code);
    assertEquals("y", error.message);
    assertNull(error.stream);
  }

  @Test
  void malformedMessagesNameTheRuleAndKeepTheId() {
    assertEquals("unknown op 9", decode("92 09 01").problem);
    Wire.Envelope shortRead = decode("92 02 05");
    assertEquals(5, shortRead.id);
    assertTrue(shortRead.problem.contains("takes 3 elements"), shortRead.problem);
    assertTrue(decode("93 02 05 2a").problem.contains("must be a string"));
    assertTrue(decode("92 01 ff").problem.contains("id -1"));
    assertTrue(decode("81 01 02").problem.contains("array"));
    assertTrue(decode("92 01").problem.contains("ends inside"));
    assertTrue(decode("92 01 01 c0").problem.contains("bytes after"));
    assertTrue(decode("c1").problem.contains("0xc1"));
    assertTrue(decode("94 03 00 a1 78 d4 ff 01").problem.contains("timestamp"));
    assertTrue(decode("94 03 00 a1 78 c9 7fffffff 01").problem.contains("longer than"));
    assertTrue(decode("91".repeat(40)).problem.contains("deeper than 32"));
    assertFalse(decode("91".repeat(32) + "c0").problem == null, "33 levels with the envelope");
  }
}
