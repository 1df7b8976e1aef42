package io.lightwire.firmware.services;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers that read streamed JPEG frames the way a browser page does. */
public final class Frames {

  private static final Pattern COMMENT = Pattern.compile("^lightwire seq=(\\d+) t=(\\d+)$");

  /** Sequence number and capture time (epoch microseconds) of a frame's COM segment. */
  public record Comment(long seq, long captureMicros) {}

  private Frames() {}

  /** True when {@code frame[0, n)} starts with SOI and ends with EOI. */
  public static boolean isWholeJpeg(byte[] frame, int n) {
    return n >= 4
        && (frame[0] & 0xFF) == 0xFF
        && (frame[1] & 0xFF) == 0xD8
        && (frame[n - 2] & 0xFF) == 0xFF
        && (frame[n - 1] & 0xFF) == 0xD9;
  }

  /** The {@code lightwire} COM segment before the scan, or null. */
  public static Comment comment(byte[] frame, int n) {
    int at = 2;
    while (at + 4 <= n && (frame[at] & 0xFF) == 0xFF) {
      int marker = frame[at + 1] & 0xFF;
      if (marker == 0xDA) {
        return null;
      }
      int length = (frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF);
      if (marker == 0xFE) {
        String text = new String(frame, at + 4, length - 2, StandardCharsets.US_ASCII);
        Matcher m = COMMENT.matcher(text);
        if (m.matches()) {
          return new Comment(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
      }
      at += 2 + length;
    }
    return null;
  }
}
