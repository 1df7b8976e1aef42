package io.lightwire.firmware.streams.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lightwire.firmware.json.JsonCodec;
import org.junit.jupiter.api.Tag;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * Fuzzes what a page or a REST client can send: any bytes give a decoded message or one clean
 * "malformed" with a reason, never an exception (a stack overflow from deep nesting included). The
 * JSON side is fuzzed by {@code JsonCodecFuzzTest}. The normal build runs the stored corpus; {@code
 * JAZZER_FUZZ=1} fuzzes.
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
      assertNotNull(JsonCodec.toJson(e.value));
    }
    // Accepted means well-formed: msgpack-core reads exactly one value from the same bytes.
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      u.unpackValue();
      assertTrue(!u.hasNext(), "one value");
    }
  }
}
