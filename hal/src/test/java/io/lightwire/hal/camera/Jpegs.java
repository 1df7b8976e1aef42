package io.lightwire.hal.camera;

import io.lightwire.hal.internal.JpegEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Real JPEG fixtures made with our encoder; each carries {@code lightwire seq=<n>}. */
final class Jpegs {

  private Jpegs() {}

  static byte[] frame(int n, int width, int height) {
    byte[] gray = new byte[width * height];
    for (int i = 0; i < gray.length; i++) {
      gray[i] = (byte) ((i * 7 + n * 31) & 0xff); // busy picture: plenty of FF bytes in the scan
    }
    byte[] out = new byte[1 << 20];
    int len = new JpegEncoder(width, height, 90).encode(gray, n, 1000 + n, out, 0);
    return Arrays.copyOf(out, len);
  }

  /** {@code jpeg} with an APP1 segment after SOI holding a "thumbnail" (its own SOI ... EOI). */
  static byte[] withThumbnail(byte[] jpeg, byte[] thumbnail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int len = 2 + 6 + thumbnail.length;
    out.write(0xff);
    out.write(0xe1);
    out.write(len >> 8);
    out.write(len);
    out.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(thumbnail);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
