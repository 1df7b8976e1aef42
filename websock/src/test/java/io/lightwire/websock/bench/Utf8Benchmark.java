package io.lightwire.websock.bench;

import io.lightwire.websock.protocol.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** UTF-8 validation of 64 KiB of ASCII or mixed text; the JDK's strict decoder for reference. */
@State(Scope.Thread)
public class Utf8Benchmark extends NanoBenchmark {

  @Param({"ascii", "mixed"})
  public String text;

  private byte[] bytes;
  private final Utf8Validator validator = new Utf8Validator();
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();

  /** Makes 64 KiB of text. */
  @Setup
  public void setup() {
    String unit = text.equals("ascii") ? "The quick brown fox. " : "κόσμε 世界 ok € 🚀 ";
    StringBuilder s = new StringBuilder();
    while (s.length() < 40_000) {
      s.append(unit);
    }
    bytes = java.util.Arrays.copyOf(s.toString().getBytes(StandardCharsets.UTF_8), 65536);
    // Cut back to a whole character so the text is valid.
    int end = bytes.length;
    while ((bytes[end - 1] & 0xC0) == 0x80 || (bytes[end - 1] & 0xC0) == 0xC0) {
      end--;
    }
    bytes = java.util.Arrays.copyOf(bytes, end);
  }

  /** The incremental validator. */
  @Benchmark
  public int validate() {
    validator.reset();
    return validator.validate(bytes, 0, bytes.length);
  }

  /** The JDK decoder (allocates the decoded chars). */
  @Benchmark
  public int jdkDecode() throws CharacterCodingException {
    return decoder.decode(ByteBuffer.wrap(bytes)).length();
  }
}
