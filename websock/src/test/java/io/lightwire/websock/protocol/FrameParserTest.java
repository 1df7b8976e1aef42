package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameParserTest {

  private static FrameParser client() {
    return new FrameParser(FrameParser.ROLE_CLIENT, 1 << 20, 1 << 21, FrameParser.ACCEPT_ANY);
  }

  private static FrameParser server() {
    return new FrameParser(FrameParser.ROLE_SERVER, 1 << 20, 1 << 21, FrameParser.ACCEPT_ANY);
  }

  /** Feeds the stream in chunks and records one event per frame, or the error's close code. */
  static List<String> run(FrameParser p, byte[] input, IntSupplier chunk) {
    byte[] buf = input.clone();
    List<String> events = new ArrayList<>();
    StringBuilder payload = new StringBuilder();
    int i = 0;
    while (i < buf.length) {
      int end = Math.min(buf.length, i + Math.max(1, chunk.getAsInt()));
      while (i < end) {
        if (!p.inPayload()) {
          int c = p.parseHeader(buf, i, end - i);
          if (c == FrameParser.ERROR) {
            events.add("error " + p.closeCode());
            return events;
          }
          i += c;
          if (p.inPayload() && p.payloadLength() == 0) {
            if (p.payload(buf, i, 0) == FrameParser.ERROR) {
              events.add("error " + p.closeCode());
              return events;
            }
            events.add(event(p, ""));
          }
        } else {
          int m = (int) Math.min(end - i, p.payloadRemaining());
          if (p.payload(buf, i, m) == FrameParser.ERROR) {
            events.add("error " + p.closeCode());
            return events;
          }
          payload.append(Hex.hex(buf, i, m));
          i += m;
          if (!p.inPayload()) {
            events.add(event(p, payload.toString()));
            payload.setLength(0);
          }
        }
      }
    }
    return events;
  }

  private static String event(FrameParser p, String payloadHex) {
    return WebSocketProtocol.opcodeName(p.opcode())
        + (p.fin() ? "" : "+")
        + (payloadHex.isEmpty() ? "" : " " + payloadHex);
  }

  private static List<String> whole(FrameParser p, String hex) {
    byte[] b = bytes(hex);
    return run(p, b, () -> b.length);
  }

  @Test
  void rfcExamplesParseForTheirRole() {
    assertEquals(List.of("text 48656c6c6f"), whole(client(), "81 05 48656c6c6f"));
    assertEquals(List.of("text 48656c6c6f"), whole(server(), "81 85 37fa213d 7f9f4d5158"));
    assertEquals(
        List.of("text+ 48656c", "continuation 6c6f"), whole(client(), "01 03 48656c 80 02 6c6f"));
    assertEquals(List.of("ping 48656c6c6f"), whole(client(), "89 05 48656c6c6f"));
    assertEquals(List.of("pong 48656c6c6f"), whole(server(), "8a 85 37fa213d 7f9f4d5158"));
  }

  @Test
  void emptyFramesEndAtOnce() {
    assertEquals(
        List.of("text", "binary", "close", "ping"), whole(client(), "8100 8200 8800 8900"));
  }

  @Test
  void controlFramesMayBeInterleavedInAFragmentedMessage() {
    assertEquals(
        List.of("text+ 48", "ping 01", "pong", "continuation+ 49", "continuation 4a"),
        whole(client(), "01 01 48 89 01 01 8a 00 00 01 49 80 01 4a"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource({
    "RSV1 set, c1 00, 1002",
    "RSV2 set, a1 00, 1002",
    "RSV3 set, 91 00, 1002",
    "reserved data opcode 3, 83 00, 1002",
    "reserved data opcode 7, 87 00, 1002",
    "reserved control opcode B, 8b 00, 1002",
    "reserved control opcode F, 8f 00, 1002",
    "fragmented ping, 09 00, 1002",
    "fragmented close, 08 00, 1002",
    "ping over 125 bytes, 89 7e 007e, 1002",
    "close with 64-bit length, 88 7f 0000000000000000, 1002",
    "masked frame from a server, 81 81 00000000 41, 1002",
    "continuation without a message, 80 01 41, 1002",
    "text inside a fragmented message, 01 01 41 81 01 42, 1002",
    "binary inside a fragmented message, 02 01 41 02 01 42, 1002",
    "64-bit length with the top bit, 82 7f 8000000000000000, 1002",
    "16-bit length below 126, 82 7e 007d, 1002",
    "64-bit length below 65536, 82 7f 000000000000ffff, 1002",
    "invalid UTF-8 in text, 81 02 c0 80, 1007",
    "surrogate in text, 81 03 eda080, 1007",
    "text ending mid-character, 81 02 e282, 1007",
    "fragmented text ending mid-character, 01 01 e2 80 01 82, 1007"
  })
  void clientRoleViolations(String rule, String hex, int closeCode) {
    List<String> events = whole(client(), hex);
    assertEquals("error " + closeCode, events.get(events.size() - 1), rule);
  }

  @Test
  void serverRoleRequiresMaskedFrames() {
    assertEquals(List.of("error 1002"), whole(server(), "81 05 48656c6c6f"));
  }

  @Test
  void invalidUtf8FailsInTheFrameThatHoldsItNotAtTheEnd() {
    FrameParser p = client();
    byte[] b = bytes("01 04 41 42 c0 43");
    assertEquals(2, p.parseHeader(b, 0, b.length));
    assertEquals(2, p.payload(b, 2, 2));
    assertEquals(FrameParser.ERROR, p.payload(b, 4, 1)); // C0 fails before FIN or frame end
    assertEquals(CloseCodes.INVALID_PAYLOAD, p.closeCode());
    assertTrue(p.errorMessage().contains("0xc0"), p.errorMessage());
    assertEquals(FrameParser.CORRUPT, p.state());
  }

  @Test
  void utf8CharacterSplitAcrossFragmentsIsValid() {
    // U+20AC (e2 82 ac) split over three frames with a ping in the middle.
    assertEquals(
        List.of("text+ e2", "ping", "continuation+ 82", "continuation ac"),
        whole(client(), "01 01 e2 89 00 00 01 82 80 01 ac"));
  }

  @Test
  void frameAndMessageLimitsAnswer1009() {
    FrameParser small = new FrameParser(FrameParser.ROLE_CLIENT, 200, 300, FrameParser.ACCEPT_ANY);
    assertEquals(List.of("error 1009"), whole(small, "82 7e 00c9"));
    FrameParser p = new FrameParser(FrameParser.ROLE_CLIENT, 200, 300, FrameParser.ACCEPT_ANY);
    byte[] first = new byte[4 + 200];
    System.arraycopy(bytes("02 7e 00c8"), 0, first, 0, 4);
    byte[] second = bytes("80 7e 00c8");
    byte[] stream = new byte[first.length + second.length];
    System.arraycopy(first, 0, stream, 0, first.length);
    System.arraycopy(second, 0, stream, first.length, second.length);
    List<String> events = run(p, stream, () -> stream.length);
    assertEquals("error 1009", events.get(events.size() - 1));
    assertTrue(p.errorMessage().contains("400"), p.errorMessage());
  }

  @Test
  void textOnlyAndBinaryOnlySocketsRefuseTheOtherTypeWith1003() {
    FrameParser text =
        new FrameParser(FrameParser.ROLE_CLIENT, 1000, 1000, FrameParser.ACCEPT_TEXT_ONLY);
    assertEquals(List.of("text 41", "error 1003"), whole(text, "81 01 41 82 01 41"));
    FrameParser binary =
        new FrameParser(FrameParser.ROLE_CLIENT, 1000, 1000, FrameParser.ACCEPT_BINARY_ONLY);
    assertEquals(List.of("binary 41", "error 1003"), whole(binary, "82 01 41 81 01 41"));
  }

  @Test
  void closePayloadRulesGoThroughTheSameErrorPath() {
    FrameParser p = client();
    assertEquals(FrameParser.ERROR, p.checkClose(bytes("03"), 0, 1));
    assertEquals(CloseCodes.PROTOCOL_ERROR, p.closeCode());
    p.reset();
    assertEquals(FrameParser.ERROR, p.checkClose(bytes("03ed"), 0, 2)); // 1005 on the wire
    assertTrue(p.errorMessage().contains("1005"), p.errorMessage());
    p.reset();
    assertEquals(FrameParser.ERROR, p.checkClose(bytes("03e8 ff"), 0, 3));
    assertEquals(CloseCodes.INVALID_PAYLOAD, p.closeCode());
    p.reset();
    assertEquals(CloseCodes.VALID, p.checkClose(bytes("0fa0 6279 65"), 0, 5)); // 4000 "bye"
  }

  @Test
  void randomChunkingGivesTheSameFramesAsWholeInput() {
    Random random = new Random(2026);
    for (int round = 0; round < 300; round++) {
      boolean serverRole = random.nextBoolean();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      List<String> expected = new ArrayList<>();
      int frames = 1 + random.nextInt(6);
      for (int f = 0; f < frames; f++) {
        boolean control = random.nextInt(4) == 0;
        int opcode = control ? WebSocketProtocol.OPCODE_PING : WebSocketProtocol.OPCODE_TEXT;
        int length =
            control
                ? random.nextInt(126)
                : new int[] {0, 1, 125, 126, 127, 65535, 65536, 3000}[random.nextInt(8)];
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
          text.append(random.nextBoolean() ? "a" : "€");
        }
        byte[] payload = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        payload = java.util.Arrays.copyOf(payload, Math.min(payload.length, length));
        if (!control) {
          payload = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (control) {
          java.util.Arrays.fill(payload, (byte) 'p');
        }
        int key = random.nextInt();
        byte[] header = new byte[14];
        int h = FrameCodec.encodeHeader(header, 0, true, opcode, payload.length, serverRole, key);
        stream.write(header, 0, h);
        byte[] wire = payload.clone();
        if (serverRole) {
          Masking.mask(wire, 0, wire.length, key, 0);
        }
        stream.write(wire, 0, wire.length);
        expected.add(
            WebSocketProtocol.opcodeName(opcode)
                + (payload.length == 0 ? "" : " " + Hex.hex(payload, 0, payload.length)));
      }
      byte[] all = stream.toByteArray();
      FrameParser p = serverRole ? server() : client();
      int maxChunk = 1 + random.nextInt(40);
      assertEquals(expected, run(p, all, () -> 1 + random.nextInt(maxChunk)), "round " + round);
    }
  }
}
