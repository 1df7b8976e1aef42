package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "48656c6c6f", // Hello
        "c2a9", // U+00A9
        "dfbf", // U+07FF
        "e0a080", // U+0800, smallest 3-byte
        "ed9fbf", // U+D7FF, just below the surrogates
        "ee8080", // U+E000, just above
        "efbfbf", // U+FFFF
        "f0908080", // U+10000, smallest 4-byte
        "f48fbfbf", // U+10FFFF, the largest code point
        "cebae1bd b9cf83ce bcceb5" // κόσμε
      })
  void acceptsValidUtf8(String hex) {
    byte[] b = bytes(hex);
    Utf8Validator v = new Utf8Validator();
    assertEquals(Utf8Validator.VALID, v.validate(b, 0, b.length));
    assertTrue(v.isComplete());
    assertTrue(Utf8Validator.isValid(b, 0, b.length));
  }

  @ParameterizedTest(name = "{0} fails at byte {1}")
  @CsvSource({
    "80, 0", // stray continuation
    "bf, 0",
    "c080, 0", // overlong NUL
    "c1bf, 0", // overlong 2-byte
    "e08080, 1", // overlong 3-byte, refused at the second byte
    "e09fbf, 1",
    "eda080, 1", // U+D800 surrogate
    "edbfbf, 1", // U+DFFF surrogate
    "f0808080, 1", // overlong 4-byte
    "f08fbfbf, 1",
    "f4908080, 1", // U+110000, above U+10FFFF
    "f5808080, 0", // lead bytes F5..FF never appear
    "ff, 0",
    "fe, 0",
    "41ce41, 2", // lead byte followed by ASCII
    "e28241, 2", // 3-byte sequence cut short
    "4142434445464748c0, 8" // after the 8-byte ASCII fast path
  })
  void failsAtTheFirstByteThatProvesTheTextInvalid(String hex, int index) {
    byte[] b = bytes(hex);
    Utf8Validator v = new Utf8Validator();
    assertEquals(index, v.validate(b, 0, b.length));
    assertTrue(v.isFailed());
    assertFalse(Utf8Validator.isValid(b, 0, b.length));
  }

  @Test
  void incompleteSequenceAtTheEndIsNotComplete() {
    byte[] b = bytes("41 f0 9f 98");
    Utf8Validator v = new Utf8Validator();
    assertEquals(Utf8Validator.VALID, v.validate(b, 0, b.length));
    assertFalse(v.isComplete());
    assertFalse(Utf8Validator.isValid(b, 0, b.length));
    assertEquals(Utf8Validator.VALID, v.validate(bytes("80"), 0, 1));
    assertTrue(v.isComplete());
  }

  @Test
  void failureIndexIsAbsoluteAcrossChunks() {
    Utf8Validator v = new Utf8Validator();
    byte[] b = bytes("00 00 00 ed a0 80");
    assertEquals(Utf8Validator.VALID, v.validate(b, 0, 4)); // ends after ED
    assertEquals(4, v.validate(b, 4, 2)); // A0 after ED is a surrogate
  }

  @Test
  void randomSplitsGiveTheSameVerdictAsTheJdkDecoder() {
    Random random = new Random(3629);
    int[] interesting = {
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1,
      0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff
    };
    int invalid = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(24)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) interesting[random.nextInt(interesting.length)];
      }
      if (random.nextInt(3) == 0) {
        // Also valid text: encode random code points (no surrogates).
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
          int cp = random.nextInt(0x110000);
          if (cp < 0xD800 || cp > 0xDFFF) {
            s.appendCodePoint(cp);
          }
        }
        b = s.toString().getBytes(StandardCharsets.UTF_8);
      }
      byte[] text = b;
      boolean jdk = jdkAccepts(text);
      invalid += jdk ? 0 : 1;
      assertEquals(jdk, Utf8Validator.isValid(b, 0, b.length), () -> Hex.hex(text, 0, text.length));
      Utf8Validator v = new Utf8Validator();
      int at = 0;
      int failure = Utf8Validator.VALID;
      while (at < b.length && failure == Utf8Validator.VALID) {
        int n = 1 + random.nextInt(b.length - at);
        failure = v.validate(b, at, n);
        at += n;
      }
      assertEquals(
          jdk,
          failure == Utf8Validator.VALID && v.isComplete(),
          () -> Hex.hex(text, 0, text.length));
    }
    assertTrue(invalid > 1000, "the generator must also produce invalid text, made " + invalid);
  }

  private static boolean jdkAccepts(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
