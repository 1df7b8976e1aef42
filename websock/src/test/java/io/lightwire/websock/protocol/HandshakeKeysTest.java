package io.lightwire.websock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeKeysTest {

  @Test
  void rfc6455_1_3_acceptOfTheSampleNonce() {
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", new HandshakeKeys().accept("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void acceptIntoABufferMatchesAndReusesTheDigest() {
    HandshakeKeys keys = new HandshakeKeys();
    byte[] key = "dGhlIHNhbXBsZSBub25jZQ==".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[30];
    for (int i = 0; i < 3; i++) {
      assertEquals(28, keys.accept(key, 0, key.length, out, 2));
      assertEquals(
          "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", new String(out, 2, 28, StandardCharsets.US_ASCII));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'',''",
    "f,Zg==",
    "fo,Zm8=",
    "foo,Zm9v",
    "foob,Zm9vYg==",
    "fooba,Zm9vYmE=",
    "foobar,Zm9vYmFy"
  })
  void rfc4648_10_base64Vectors(String in, String expected) {
    byte[] src = in.getBytes(StandardCharsets.US_ASCII);
    byte[] dst = new byte[12];
    int n = HandshakeKeys.base64(src, 0, src.length, dst, 0);
    assertEquals(expected, new String(dst, 0, n, StandardCharsets.US_ASCII));
  }

  @Test
  void keyIsTheBase64Of16NonceBytes() {
    byte[] nonce = new byte[16];
    new Random(1).nextBytes(nonce);
    byte[] key = new byte[24];
    assertEquals(24, HandshakeKeys.encodeKey(nonce, 0, key, 0));
    assertEquals(
        Base64.getEncoder().encodeToString(nonce), new String(key, StandardCharsets.US_ASCII));
  }
}
