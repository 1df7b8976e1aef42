package io.lightwire.hal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.testing.TestJpegs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

  static BufferedImage decode(byte[] jpeg, int length) throws IOException {
    return TestJpegs.decode(jpeg, 0, length);
  }

  static String comment(byte[] jpeg, int length) {
    return TestJpegs.comment(jpeg, 0, length);
  }

  private static byte[] gradient(int w, int h) {
    byte[] g = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        g[y * w + x] = (byte) ((x * 255 / (w - 1) + y) & 0xff);
      }
    }
    return g;
  }

  @Test
  void imageIoDecodesTheOutputWithTheRightSizeAndPixels() throws IOException {
    int w = 52; // not a multiple of 8: edge blocks are padded
    int h = 30;
    byte[] gray = gradient(w, h);
    byte[] out = new byte[64 << 10];
    int len = new JpegEncoder(w, h, 90).encode(gray, 7, 1234567, out, 0);
    assertTrue(len > 0);
    BufferedImage img = decode(out, len);
    assertNotNull(img, "ImageIO must recognise the stream as JPEG");
    assertEquals(w, img.getWidth());
    assertEquals(h, img.getHeight());
    long error = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int decoded = img.getRaster().getSample(x, y, 0);
        error += Math.abs(decoded - (gray[y * w + x] & 0xff));
      }
    }
    double mean = (double) error / (w * h);
    assertTrue(mean < 6, "mean absolute error " + mean + " too large for quality 90");
  }

  @Test
  void framesStartWithSoiEndWithEoiAndCarryTheComment() {
    byte[] out = new byte[64 << 10];
    int off = 3;
    int len =
        new JpegEncoder(16, 16, 80).encode(new byte[256], 42, 1_767_225_600_123_456L, out, off);
    assertEquals(0xff, out[off] & 0xff);
    assertEquals(0xd8, out[off + 1] & 0xff);
    assertEquals(0xff, out[off + len - 2] & 0xff);
    assertEquals(0xd9, out[off + len - 1] & 0xff);
    byte[] copy = java.util.Arrays.copyOfRange(out, off, off + len);
    assertEquals("lightwire seq=42 t=1767225600123456", comment(copy, len));
  }

  @Test
  void aTooSmallBufferReportsOverflow() {
    byte[] out = new byte[200];
    assertEquals(
        JpegEncoder.OVERFLOW, new JpegEncoder(64, 64, 80).encode(gradient(64, 64), 1, 1, out, 0));
  }

  @Test
  void lowerQualityGivesSmallerFrames() {
    byte[] gray = gradient(64, 64);
    byte[] out = new byte[64 << 10];
    int high = new JpegEncoder(64, 64, 95).encode(gray, 1, 1, out, 0);
    int low = new JpegEncoder(64, 64, 10).encode(gray, 1, 1, out, 0);
    assertTrue(low < high, "q10 " + low + " bytes vs q95 " + high);
  }
}
