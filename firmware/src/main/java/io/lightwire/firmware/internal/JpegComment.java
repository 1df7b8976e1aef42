package io.lightwire.firmware.internal;

/**
 * The {@code lightwire seq=<n> t=<epoch micros>} comment (COM segment) every streamed frame
 * carries, so any viewer can compute end-to-end latency. The emulated camera writes it while
 * encoding; frames from a real camera get it here, in place, without copying the frame again.
 *
 * <p>How the insertion avoids a second copy: the frame is read from the camera ring into a staging
 * array at {@link #HEADROOM} bytes from its start. The new frame then begins {@code comLength}
 * bytes earlier: a fresh SOI, the COM segment (which overwrites the old SOI), and the original
 * frame from its byte 2 on, which has not moved. Allocation-free; digits are written by hand.
 */
public final class JpegComment {

  /** Bytes to keep free before a frame for the inserted COM segment (SOI + COM, at most 59). */
  public static final int HEADROOM = io.lightwire.firmware.MemoryPlan.CAMERA_COMMENT_HEADROOM;

  private static final int SOI = 0xD8;
  private static final int COM = 0xFE;
  private static final int SOS = 0xDA;
  private static final int MARKER = 0xFF;
  private static final byte[] PREFIX = {
    'l', 'i', 'g', 'h', 't', 'w', 'i', 'r', 'e', ' ', 's', 'e', 'q', '='
  };
  private static final byte[] TIME = {' ', 't', '='};

  private JpegComment() {}

  /**
   * True when the JPEG in {@code frame[off, off + len)} already has a {@code lightwire seq=} COM
   * segment before its scan. Walks the marker segments by their lengths; stops at SOS.
   */
  public static boolean hasComment(byte[] frame, int off, int len) {
    int end = off + len;
    if (len < 4 || (frame[off] & 0xFF) != MARKER || (frame[off + 1] & 0xFF) != SOI) {
      return false;
    }
    int at = off + 2;
    while (at + 4 <= end && (frame[at] & 0xFF) == MARKER) {
      int marker = frame[at + 1] & 0xFF;
      if (marker == SOS) {
        return false;
      }
      int segment = (frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF);
      if (marker == COM && startsWithPrefix(frame, at + 4, Math.min(end, at + 2 + segment))) {
        return true;
      }
      at += 2 + segment;
    }
    return false;
  }

  private static boolean startsWithPrefix(byte[] frame, int from, int end) {
    if (end - from < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (frame[from + i] != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Inserts the comment before the frame at {@code frame[off, off + len)}, which must start with
   * SOI and have at least {@link #HEADROOM} free bytes before {@code off}.
   *
   * @return the new start offset; the frame then ends where it ended before ({@code off + len})
   * @throws IllegalArgumentException when there is not enough headroom or no SOI
   */
  public static int insert(byte[] frame, int off, int len, long sequence, long captureMicros) {
    if (off < HEADROOM || len < 2) {
      throw new IllegalArgumentException(
          "need " + HEADROOM + " bytes before the frame, have " + off);
    }
    if ((frame[off] & 0xFF) != MARKER || (frame[off + 1] & 0xFF) != SOI) {
      throw new IllegalArgumentException("frame does not start with SOI (FF D8)");
    }
    int text = PREFIX.length + digits(sequence) + TIME.length + digits(captureMicros);
    int comLength = 2 + 2 + text; // marker, length field, text
    int start = off - comLength;
    int at = start;
    frame[at++] = (byte) MARKER;
    frame[at++] = (byte) SOI;
    frame[at++] = (byte) MARKER;
    frame[at++] = (byte) COM;
    frame[at++] = (byte) ((text + 2) >>> 8);
    frame[at++] = (byte) (text + 2);
    System.arraycopy(PREFIX, 0, frame, at, PREFIX.length);
    at += PREFIX.length;
    at = writeDigits(frame, at, sequence);
    System.arraycopy(TIME, 0, frame, at, TIME.length);
    at += TIME.length;
    writeDigits(frame, at, captureMicros);
    return start;
  }

  private static int digits(long value) {
    int n = 1;
    for (long v = value; v >= 10; v /= 10) {
      n++;
    }
    return n;
  }

  private static int writeDigits(byte[] out, int at, long value) {
    int n = digits(value);
    long v = value;
    for (int i = n - 1; i >= 0; i--) {
      out[at + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return at + n;
  }
}
