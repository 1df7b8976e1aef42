package io.lightwire.hal;

/**
 * A reusable holder for what {@link Camera#read} reports about the frame it copied. Create one per
 * reader and pass it to every call; it is not thread-safe.
 */
public final class FrameInfo {

  long sequence = -1;
  long captureMicros;
  int length;

  /** An empty holder. */
  public FrameInfo() {}

  /** The frame's sequence number: 0 for the first frame after open, then +1 per captured frame. */
  public long sequence() {
    return sequence;
  }

  /** When the frame was captured, microseconds since the Unix epoch. */
  public long captureMicros() {
    return captureMicros;
  }

  /** The frame's length in bytes. */
  public int length() {
    return length;
  }
}
