package io.lightwire.firmware.streams.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Fuzzes what a page or a REST client can send: any bytes give a decoded message or one clean
 * "malformed" with a reason, never an exception (a stack overflow from deep nesting included), and
 * any text gives a JSON value or a {@link JsonValues.JsonException}. The normal build runs the
 * stored corpus; {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("slow")
class WireFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyBytesDecodeToAMessageOrOneMalformedReason(byte[] bytes) throws Exception {
    Wire.Envelope e = new Wire.Envelope();
    if (!e.decode(bytes, 0, bytes.length)) {
      assertNotNull(e.problem, "a reason");
      assertTrue(e.id >= 0, "id " + e.id);
      return;
    }
    assertTrue(e.op >= Wire.LIST && e.op <= Wire.ERROR, "op " + e.op);
    if (e.op == Wire.READ || e.op == Wire.WRITE) {
      assertNotNull(e.stream);
    }
    if (e.op == Wire.WRITE || e.op == Wire.RESULT) {
      assertNotNull(e.value);
      // What was accepted survives a round trip through the JSON of the REST binding.
      assertNotNull(JsonValues.toJson(e.value));
    }
    // Accepted means well-formed: msgpack-core reads exactly one value from the same bytes.
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      u.unpackValue();
      assertTrue(!u.hasNext(), "one value");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyTextParsesToAValueOrOneJsonException(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Value value;
    try {
      value = JsonValues.parse(text);
    } catch (JsonValues.JsonException e) {
      assertTrue(e.getMessage().contains("at character"), e.getMessage());
      return;
    }
    // Whatever parsed writes back as JSON that parses to the same value.
    String again = JsonValues.toJson(value);
    try {
      assertTrue(JsonValues.parse(again).equals(value), again);
    } catch (JsonValues.JsonException e) {
      throw new AssertionError("our own JSON does not parse: " + again, e);
    }
  }
}
