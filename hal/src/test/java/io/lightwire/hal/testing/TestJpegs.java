package io.lightwire.hal.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Test-only JPEG helpers; ImageIO (java.desktop) is used in tests only, never by hal itself. */
public final class TestJpegs {

  private TestJpegs() {}

  /** Decodes with ImageIO; null when it is not a JPEG ImageIO understands. */
  public static BufferedImage decode(byte[] jpeg, int offset, int length) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg, offset, length));
  }

  /** The text of the first COM segment before the scan, or null. */
  public static String comment(byte[] jpeg, int offset, int length) {
    int i = offset + 2;
    int end = offset + length;
    while (i + 4 <= end && (jpeg[i] & 0xff) == 0xff) {
      int marker = jpeg[i + 1] & 0xff;
      int segment = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
      if (marker == 0xfe) {
        return new String(jpeg, i + 4, segment - 2, StandardCharsets.US_ASCII);
      }
      if (marker == 0xda) {
        return null;
      }
      i += 2 + segment;
    }
    return null;
  }
}
