package io.lightwire.hal.camera;

import io.lightwire.hal.FrameRing;
import io.lightwire.hal.HalClock;

/**
 * Splits a stream of back-to-back JPEGs (as {@code rpicam-vid --codec mjpeg -o -} writes them, with
 * no length field) into frames, copying each byte straight into the ring's write slot. It follows
 * the JPEG segment structure rather than searching for {@code FF D9}: marker segments are skipped
 * by their length (so an EXIF thumbnail's SOI/EOI inside APP1 does not end the frame), and in
 * entropy-coded data {@code FF 00} and {@code RSTn} are data. An explicit state machine: it can
 * stop at any byte and resume with the next read. Allocates nothing.
 *
 * <p>Garbage between frames is skipped. A frame cut short by a new SOI, or larger than a slot, is
 * dropped and counted. Single-threaded: the capture thread only.
 */
public final class MjpegSplitter {

  private static final int SEEK_FF = 0;
  private static final int SEEK_SOI = 1;
  private static final int MARKER_FF = 2;
  private static final int MARKER_CODE = 3;
  private static final int LENGTH_HI = 4;
  private static final int LENGTH_LO = 5;
  private static final int SEGMENT = 6;
  private static final int ENTROPY = 7;
  private static final int ENTROPY_FF = 8;

  private static final int SOI = 0xd8;
  private static final int EOI = 0xd9;
  private static final int SOS = 0xda;
  private static final int TEM = 0x01;
  private static final int RST0 = 0xd0;
  private static final int RST7 = 0xd7;

  private final FrameRing ring;
  private final HalClock clock;
  private int state = SEEK_FF;
  private byte[] slot;
  private int length;
  private int marker;
  private int remaining;
  private boolean overflow;
  private long startMicros;
  private volatile long frames;
  private volatile long dropped;
  private volatile long tooLarge;

  /**
   * @param ring where frames go
   * @param clock stamps each frame with the time its first byte arrived
   */
  public MjpegSplitter(FrameRing ring, HalClock clock) {
    this.ring = ring;
    this.clock = clock;
  }

  /** Frames committed to the ring. */
  public long frames() {
    return frames;
  }

  /** Frames dropped: truncated, corrupt or larger than a slot. */
  public long dropped() {
    return dropped;
  }

  /**
   * Frames dropped because they were larger than a ring slot (also counted in {@link #dropped}).
   */
  public long tooLarge() {
    return tooLarge;
  }

  /** Forgets a partial frame (the source restarted); counts it as dropped. */
  public void reset() {
    if (state >= MARKER_FF) {
      dropped++;
    }
    state = SEEK_FF;
  }

  /**
   * Consumes {@code count} bytes.
   *
   * @return the number of frames completed by these bytes
   */
  public int feed(byte[] data, int offset, int count) {
    int completed = 0;
    int end = offset + count;
    for (int i = offset; i < end; i++) {
      int b = data[i] & 0xff;
      switch (state) {
        case SEEK_FF -> {
          if (b == 0xff) {
            state = SEEK_SOI;
          }
        }
        case SEEK_SOI -> {
          if (b == SOI) {
            begin();
          } else if (b != 0xff) {
            state = SEEK_FF;
          }
        }
        case MARKER_FF -> {
          put(b);
          if (b == 0xff) {
            state = MARKER_CODE;
          } else {
            corrupt();
          }
        }
        case MARKER_CODE -> {
          if (b == 0xff) {
            put(b); // fill byte
          } else if (b == SOI) {
            restartFrame();
          } else {
            put(b);
            if (b == EOI) {
              completed += end();
            } else if (b == TEM || (b >= RST0 && b <= RST7)) {
              state = MARKER_FF;
            } else {
              marker = b;
              state = LENGTH_HI;
            }
          }
        }
        case LENGTH_HI -> {
          put(b);
          remaining = b << 8;
          state = LENGTH_LO;
        }
        case LENGTH_LO -> {
          put(b);
          remaining = (remaining | b) - 2;
          if (remaining < 0) {
            corrupt();
          } else {
            state = remaining == 0 ? afterSegment() : SEGMENT;
          }
        }
        case SEGMENT -> {
          put(b);
          if (--remaining == 0) {
            state = afterSegment();
          }
        }
        case ENTROPY -> {
          put(b);
          if (b == 0xff) {
            state = ENTROPY_FF;
          }
        }
        case ENTROPY_FF -> {
          if (b == SOI) {
            restartFrame();
          } else {
            put(b);
            if (b == 0x00 || (b >= RST0 && b <= RST7)) {
              state = ENTROPY;
            } else if (b == EOI) {
              completed += end();
            } else if (b != 0xff) {
              marker = b; // another segment after a scan (progressive, DNL, ...)
              state = LENGTH_HI;
            }
          }
        }
        default -> throw new IllegalStateException("splitter state " + state);
      }
    }
    return completed;
  }

  private int afterSegment() {
    return marker == SOS ? ENTROPY : MARKER_FF;
  }

  private void begin() {
    slot = ring.writeSlot();
    length = 0;
    overflow = false;
    startMicros = clock.epochMicros();
    put(0xff);
    put(SOI);
    state = MARKER_FF;
  }

  /** A new SOI inside a frame: the frame was truncated. */
  private void restartFrame() {
    dropped++;
    begin();
  }

  private void corrupt() {
    dropped++;
    state = SEEK_FF;
  }

  private int end() {
    state = SEEK_FF;
    if (overflow) {
      dropped++;
      tooLarge++;
      return 0;
    }
    frames++; // counted before readers can see the frame
    ring.commit(length, startMicros);
    return 1;
  }

  private void put(int b) {
    if (length < slot.length) {
      slot[length++] = (byte) b;
    } else {
      overflow = true;
    }
  }
}
