package io.lightwire.firmware.json;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.msgpack.value.Value;

/**
 * Fuzzes what a page, a REST or MQTT client, or a panel can send as JSON: any text gives a value or
 * one {@link JsonException} naming where, never another exception (a stack overflow from deep
 * nesting included); whatever parsed writes back as JSON that parses to the same value. The normal
 * build runs the stored corpus; {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("slow") // replays the corpus for seconds; the quick profile leaves it out
class JsonCodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyTextParsesToAValueOrOneJsonException(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Value value;
    try {
      value = JsonCodec.parse(text);
    } catch (JsonException e) {
      assertTrue(e.getMessage().contains("at character"), e.getMessage());
      return;
    }
    String again = JsonCodec.toJson(value);
    try {
      assertTrue(JsonCodec.parse(again).equals(value), again);
    } catch (JsonException e) {
      throw new AssertionError("our own JSON does not parse: " + again, e);
    }
  }
}
