package io.lightwire.bench.camera;

import java.nio.charset.StandardCharsets;

/**
 * Reads the capture time from a streamed frame's JPEG COM segment {@code lightwire seq=<n> t=<epoch
 * micros>} (the {@code /camera} contract) without allocating: it runs on every viewer's thread for
 * every frame, and a viewer that makes garbage competes with the firmware for the CPU.
 */
final class FrameComment {

  /** What {@link #captureMicros} returns when the frame has no {@code lightwire} comment. */
  static final long NONE = -1;

  private static final byte[] PREFIX = "lightwire seq=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIME = " t=".getBytes(StandardCharsets.US_ASCII);

  private FrameComment() {}

  /**
   * The capture time of the JPEG in {@code frame[0, n)}: the segments after SOI are walked up to
   * the start of scan, and the first {@code lightwire} COM segment's {@code t} is returned.
   *
   * @return epoch microseconds, or {@link #NONE}
   */
  static long captureMicros(byte[] frame, int n) {
    if (n < 4 || (frame[0] & 0xFF) != 0xFF || (frame[1] & 0xFF) != 0xD8) {
      return NONE;
    }
    int at = 2;
    while (at + 4 <= n && (frame[at] & 0xFF) == 0xFF) {
      int marker = frame[at + 1] & 0xFF;
      if (marker == 0xDA) {
        return NONE; // start of scan: no comment before the image data
      }
      int length = (frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF);
      int text = at + 4;
      int end = Math.min(n, at + 2 + length);
      if (marker == 0xFE && startsWith(frame, text, end, PREFIX)) {
        int digits = skipDigits(frame, text + PREFIX.length, end);
        if (digits > text + PREFIX.length && startsWith(frame, digits, end, TIME)) {
          return number(frame, digits + TIME.length, end);
        }
      }
      at += 2 + length;
    }
    return NONE;
  }

  private static boolean startsWith(byte[] b, int from, int end, byte[] prefix) {
    if (end - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int skipDigits(byte[] b, int from, int end) {
    int i = from;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private static long number(byte[] b, int from, int end) {
    int stop = skipDigits(b, from, end);
    if (stop == from || stop - from > 18) {
      return NONE;
    }
    long value = 0;
    for (int i = from; i < stop; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }
}
