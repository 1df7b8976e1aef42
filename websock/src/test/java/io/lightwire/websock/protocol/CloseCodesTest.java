package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseCodesTest {

  @ParameterizedTest
  @ValueSource(
      ints = {
        1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
        4999
      })
  void codesAllowedOnTheWire(int code) {
    assertTrue(CloseCodes.isValidOnWire(code));
    byte[] payload = {(byte) (code >>> 8), (byte) code, 'o', 'k'};
    assertEquals(CloseCodes.VALID, CloseCodes.checkClosePayload(payload, 0, payload.length));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void reservedUnassignedAndLocalOnlyCodesAreAProtocolError(int code) {
    assertFalse(CloseCodes.isValidOnWire(code));
    byte[] payload = {(byte) (code >>> 8), (byte) code};
    assertEquals(CloseCodes.PROTOCOL_ERROR, CloseCodes.checkClosePayload(payload, 0, 2));
  }

  @Test
  void emptyPayloadIsValidAndMeansNoStatus() {
    assertEquals(CloseCodes.VALID, CloseCodes.checkClosePayload(new byte[0], 0, 0));
    assertEquals(CloseCodes.NO_STATUS, CloseCodes.code(new byte[0], 0, 0));
  }

  @Test
  void oneBytePayloadIsAProtocolError() {
    assertEquals(CloseCodes.PROTOCOL_ERROR, CloseCodes.checkClosePayload(bytes("03"), 0, 1));
  }

  @Test
  void payloadOver125BytesIsAProtocolError() {
    byte[] payload = new byte[126];
    payload[0] = 0x03;
    payload[1] = (byte) 0xE8;
    java.util.Arrays.fill(payload, 2, 126, (byte) 'a');
    assertEquals(CloseCodes.PROTOCOL_ERROR, CloseCodes.checkClosePayload(payload, 0, 126));
    assertEquals(CloseCodes.VALID, CloseCodes.checkClosePayload(payload, 0, 125));
  }

  @Test
  void reasonMustBeUtf8() {
    assertEquals(
        CloseCodes.INVALID_PAYLOAD, CloseCodes.checkClosePayload(bytes("03e8 cebae1"), 0, 5));
    assertEquals(CloseCodes.VALID, CloseCodes.checkClosePayload(bytes("03e8 cebae1bdb9"), 0, 7));
  }
}
