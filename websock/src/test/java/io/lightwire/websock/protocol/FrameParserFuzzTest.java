package io.lightwire.websock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the frame parser in the server role, as the service loop drives it: header bytes, then
 * payload pieces in arbitrary splits. Whatever the bytes, the parser either keeps going or fails
 * once with a close code a server may send (1002, 1003, 1007, 1009) and a rule, and never throws.
 * The normal build runs the stored corpus; {@code JAZZER_FUZZ=1} fuzzes.
 */
@Tag("slow")
class FrameParserFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyBytesGiveFramesOrOneCleanFailure(FuzzedDataProvider data) {
    int maxFrame = data.consumeInt(125, 0xFFFF);
    FrameParser parser =
        new FrameParser(FrameParser.ROLE_SERVER, maxFrame, maxFrame, FrameParser.ACCEPT_ANY);
    int step = data.consumeInt(1, 64);
    byte[] bytes = data.consumeRemainingAsBytes();
    int pos = 0;
    long payloadSeen = 0;
    while (pos < bytes.length) {
      int chunk = Math.min(step, bytes.length - pos);
      int result;
      if (!parser.inPayload()) {
        result = parser.parseHeader(bytes, pos, chunk);
        if (result == FrameParser.ERROR) {
          assertFailedCleanly(parser);
          return;
        }
        assertTrue(result >= 0 && result <= chunk, "consumed " + result + " of " + chunk);
        pos += result;
        if (parser.inPayload()) {
          assertTrue(parser.payloadLength() <= maxFrame, "frame within the limit");
          if (parser.isControlFrame()) {
            assertTrue(parser.payloadLength() <= 125, "control payload within 125");
          }
          if (parser.payloadRemaining() == 0) {
            result = parser.payload(bytes, pos, 0);
            if (result == FrameParser.ERROR) {
              assertFailedCleanly(parser);
              return;
            }
          }
        }
        if (result == 0 && !parser.inPayload()) {
          continue;
        }
      } else {
        int take = (int) Math.min(parser.payloadRemaining(), chunk);
        result = parser.payload(bytes, pos, take);
        if (result == FrameParser.ERROR) {
          assertFailedCleanly(parser);
          return;
        }
        assertEquals(take, result);
        payloadSeen += take;
        pos += take;
      }
    }
    assertTrue(payloadSeen <= bytes.length);
  }

  private static void assertFailedCleanly(FrameParser parser) {
    int code = parser.closeCode();
    assertTrue(
        code == CloseCodes.PROTOCOL_ERROR
            || code == CloseCodes.UNSUPPORTED_DATA
            || code == CloseCodes.INVALID_PAYLOAD
            || code == CloseCodes.TOO_BIG,
        "close code " + code);
    assertTrue(parser.errorMessage() != null && !parser.errorMessage().isEmpty(), "a rule");
    assertEquals(FrameParser.CORRUPT, parser.state());
    assertEquals(FrameParser.ERROR, parser.parseHeader(new byte[] {(byte) 0x81}, 0, 1));
  }
}
