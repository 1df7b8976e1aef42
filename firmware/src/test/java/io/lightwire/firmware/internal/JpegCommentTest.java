package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Inserting the {@code lightwire} comment in place, as frames from a real camera need. */
class JpegCommentTest {

  /** SOI, APP0 (length 16), DQT stub (length 4), SOS (length 8), 3 scan bytes, EOI. */
  private static final byte[] CAMERA_FRAME =
      HexFormat.of()
          .parseHex(
              "ffd8"
                  + "ffe000104a46494600010100000100010000"
                  + "ffdb00040000"
                  + "ffda0008010100003f0012ff00"
                  + "ffd9");

  @Test
  void theCommentGoesRightAfterSoiAndTheRestOfTheFrameIsUntouched() {
    byte[] staging = new byte[JpegComment.HEADROOM + CAMERA_FRAME.length];
    int off = JpegComment.HEADROOM;
    System.arraycopy(CAMERA_FRAME, 0, staging, off, CAMERA_FRAME.length);
    assertFalse(JpegComment.hasComment(staging, off, CAMERA_FRAME.length));

    int start = JpegComment.insert(staging, off, CAMERA_FRAME.length, 42, 1_700_000_000_123_456L);

    byte[] frame = Arrays.copyOfRange(staging, start, off + CAMERA_FRAME.length);
    String text = "lightwire seq=42 t=1700000000123456";
    assertEquals(2 + 4 + text.length() + CAMERA_FRAME.length - 2, frame.length);
    assertEquals((byte) 0xFF, frame[0]);
    assertEquals((byte) 0xD8, frame[1]);
    assertEquals((byte) 0xFF, frame[2]);
    assertEquals((byte) 0xFE, frame[3]);
    assertEquals(text.length() + 2, (frame[4] & 0xFF) << 8 | (frame[5] & 0xFF));
    assertEquals(text, new String(frame, 6, text.length(), StandardCharsets.US_ASCII));
    assertArrayEquals(
        Arrays.copyOfRange(CAMERA_FRAME, 2, CAMERA_FRAME.length),
        Arrays.copyOfRange(frame, 6 + text.length(), frame.length),
        "the frame after its SOI did not move");
    assertTrue(JpegComment.hasComment(frame, 0, frame.length));
  }

  @Test
  void zeroesAndLargestNumbersFitTheHeadroom() {
    byte[] staging = new byte[JpegComment.HEADROOM + CAMERA_FRAME.length];
    System.arraycopy(CAMERA_FRAME, 0, staging, JpegComment.HEADROOM, CAMERA_FRAME.length);
    int start =
        JpegComment.insert(
            staging, JpegComment.HEADROOM, CAMERA_FRAME.length, Long.MAX_VALUE, Long.MAX_VALUE);
    assertTrue(start >= 0);
    String text = new String(staging, start + 6, 55, StandardCharsets.US_ASCII);
    assertEquals("lightwire seq=" + Long.MAX_VALUE + " t=" + Long.MAX_VALUE, text);
  }

  @Test
  void aCommentWithOtherTextDoesNotCount() {
    byte[] other = CAMERA_FRAME.clone();
    other[3] = (byte) 0xFE; // APP0 turned into a COM that says JFIF...
    assertFalse(JpegComment.hasComment(other, 0, other.length));
  }

  @Test
  void withoutHeadroomOrSoiInsertionIsRefused() {
    byte[] frame = CAMERA_FRAME.clone();
    assertThrows(
        IllegalArgumentException.class, () -> JpegComment.insert(frame, 0, frame.length, 1, 1));
    byte[] staging = new byte[JpegComment.HEADROOM + 4];
    assertThrows(
        IllegalArgumentException.class,
        () -> JpegComment.insert(staging, JpegComment.HEADROOM, 4, 1, 1));
  }
}
