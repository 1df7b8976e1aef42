package io.lightwire.examples.camera;

import java.nio.charset.StandardCharsets;

/** Reads what a test needs from a streamed JPEG. */
final class Frames {

  private static final byte[] COMMENT = "lightwire seq=".getBytes(StandardCharsets.US_ASCII);

  private Frames() {}

  /** True when {@code jpeg} starts with SOI (FF D8) and ends with EOI (FF D9). */
  static boolean whole(byte[] jpeg) {
    int n = jpeg.length;
    return n > 4
        && (jpeg[0] & 0xFF) == 0xFF
        && (jpeg[1] & 0xFF) == 0xD8
        && (jpeg[n - 2] & 0xFF) == 0xFF
        && (jpeg[n - 1] & 0xFF) == 0xD9;
  }

  /** The sequence number in the frame's {@code lightwire seq=} comment, or -1. */
  static long sequence(byte[] jpeg) {
    outer:
    for (int i = 2; i + COMMENT.length < jpeg.length; i++) {
      for (int j = 0; j < COMMENT.length; j++) {
        if (jpeg[i + j] != COMMENT[j]) {
          continue outer;
        }
      }
      long n = 0;
      for (int k = i + COMMENT.length; k < jpeg.length && Character.isDigit(jpeg[k]); k++) {
        n = n * 10 + (jpeg[k] - '0');
      }
      return n;
    }
    return -1;
  }
}
