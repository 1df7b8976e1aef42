package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.Hex.bytes;
import static io.lightwire.websock.protocol.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameCodecTest {

  @Test
  void rfc6455_5_7_unmaskedTextHello() {
    byte[] frame = bytes("81 05 48 65 6c 6c 6f");
    FrameHeader h = new FrameHeader();
    assertEquals(2, FrameCodec.decodeHeader(frame, 0, frame.length, h));
    assertTrue(h.fin);
    assertEquals(WebSocketProtocol.OPCODE_TEXT, h.opcode);
    assertFalse(h.masked);
    assertEquals(5, h.payloadLength);
    byte[] out = new byte[2];
    assertEquals(2, FrameCodec.encodeHeader(out, 0, true, 1, 5, false, 0));
    assertEquals("8105", hex(out, 0, 2));
  }

  @Test
  void rfc6455_5_7_maskedTextHello() {
    byte[] frame = bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    FrameHeader h = new FrameHeader();
    assertEquals(6, FrameCodec.decodeHeader(frame, 0, frame.length, h));
    assertTrue(h.masked);
    assertEquals(0x37fa213d, h.maskKey);
    Masking.mask(frame, 6, 5, h.maskKey, 0);
    assertEquals("Hello", new String(frame, 6, 5, java.nio.charset.StandardCharsets.US_ASCII));
    byte[] out = new byte[6];
    FrameCodec.encodeHeader(out, 0, true, 1, 5, true, 0x37fa213d);
    assertEquals("818537fa213d", hex(out, 0, 6));
  }

  @Test
  void rfc6455_5_7_fragmentedUnmaskedText() {
    FrameHeader h = new FrameHeader();
    byte[] first = bytes("01 03 48 65 6c");
    FrameCodec.decodeHeader(first, 0, first.length, h);
    assertFalse(h.fin);
    assertEquals(WebSocketProtocol.OPCODE_TEXT, h.opcode);
    byte[] last = bytes("80 02 6c 6f");
    FrameCodec.decodeHeader(last, 0, last.length, h);
    assertTrue(h.fin);
    assertEquals(WebSocketProtocol.OPCODE_CONTINUATION, h.opcode);
    assertEquals(2, h.payloadLength);
  }

  @Test
  void rfc6455_5_7_binary256And64KiB() {
    FrameHeader h = new FrameHeader();
    byte[] b256 = bytes("82 7E 0100");
    assertEquals(4, FrameCodec.decodeHeader(b256, 0, b256.length, h));
    assertEquals(256, h.payloadLength);
    byte[] b64k = bytes("82 7F 0000000000010000");
    assertEquals(10, FrameCodec.decodeHeader(b64k, 0, b64k.length, h));
    assertEquals(65536, h.payloadLength);
  }

  @ParameterizedTest(name = "length {0} -> {1}")
  @CsvSource({
    "0, 8200",
    "125, 827d",
    "126, 827e007e",
    "65535, 827effff",
    "65536, 827f0000000000010000",
    "4294967296, 827f0000000100000000"
  })
  void lengthBoundariesUseTheShortestForm(long length, String expected) {
    byte[] out = new byte[14];
    int n = FrameCodec.encodeHeader(out, 0, true, 2, length, false, 0);
    assertEquals(expected, hex(out, 0, n));
    assertEquals(n, FrameCodec.headerLength(length, false));
    assertEquals(n + 4, FrameCodec.headerLength(length, true));
    FrameHeader h = new FrameHeader();
    assertEquals(n, FrameCodec.decodeHeader(out, 0, n, h));
    assertEquals(length, h.payloadLength);
    ByteBuffer direct = ByteBuffer.allocateDirect(20);
    assertEquals(n, FrameCodec.encodeHeader(direct, 3, true, 2, length, false, 0));
    byte[] copy = new byte[n];
    direct.get(3, copy);
    assertEquals(expected, hex(copy, 0, n));
  }

  @Test
  void decodeReportsIncompleteUntilEveryHeaderByteIsThere() {
    byte[] frame = bytes("82 FF 0000000000010000 01020304");
    FrameHeader h = new FrameHeader();
    for (int i = 0; i < frame.length; i++) {
      assertEquals(FrameCodec.INCOMPLETE, FrameCodec.decodeHeader(frame, 0, i, h), "at " + i);
    }
    assertEquals(14, FrameCodec.decodeHeader(frame, 0, frame.length, h));
    assertEquals(0x01020304, h.maskKey);
  }

  @Test
  void encodeRefusesBadOpcodeAndNegativeLength() {
    byte[] out = new byte[14];
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameCodec.encodeHeader(out, 0, true, 16, 0, false, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> FrameCodec.encodeHeader(out, 0, true, 1, -1, false, 0));
  }
}
