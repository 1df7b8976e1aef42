package io.lightwire.hal;

/**
 * A camera delivering MJPEG frames into a fixed ring of {@link CameraConfig#ringSlots()} slots. One
 * capture thread writes; any number of readers copy the newest frame into their own buffers, so a
 * slow reader skips to the newest frame instead of queueing. Safe state on close: capture stopped,
 * child process (if any) ended, ring released.
 */
public interface Camera extends Device {

  /*
   * The read results are values of the project's one result vocabulary, websock's
   * io.lightwire.websock.protocol.Result (hal depends on nothing of ours, so the values are repeated
   * here; firmware's ResultVocabularyTest asserts they agree).
   */

  /** {@link #read} result: no newer frame arrived within the timeout (Result.TIMEOUT, -4). */
  int TIMEOUT = -4;

  /**
   * {@link #read} result: the caller's buffer is smaller than the frame, nothing copied
   * (Result.BUFFER_TOO_SMALL, -5).
   */
  int BUFFER_TOO_SMALL = -5;

  /** {@link #read} result: the camera is stopped or closed (Result.CLOSED, -2). */
  int STOPPED = -2;

  /** The config this camera was opened with. */
  CameraConfig config();

  /**
   * Starts capturing. Idempotent.
   *
   * @throws DeviceIoException when the capture source cannot start (e.g. the binary is missing)
   * @throws DeviceClosedException when closed
   */
  void start();

  /** Stops capturing; readers waiting get {@link #STOPPED}. Idempotent. */
  void stop();

  /** True between {@link #start()} and {@link #stop()}. */
  boolean isRunning();

  /**
   * Copies the newest frame whose sequence number is greater than {@code afterSequence} into {@code
   * dst} at {@code offset}, waiting up to {@code timeoutMillis} for one. Allocates nothing. Pass -1
   * to get whatever frame is newest. With a timeout of 0 the call polls: it never waits, and
   * returns {@link #TIMEOUT} when there is no newer frame or the capture thread is publishing one
   * at that moment (so a polling reader allocates nothing even when it meets the writer).
   *
   * @param info filled with the frame's sequence number, capture time and length
   * @return the frame length in bytes, or {@link #TIMEOUT}, {@link #BUFFER_TOO_SMALL}, {@link
   *     #STOPPED}
   */
  int read(long afterSequence, FrameInfo info, byte[] dst, int offset, long timeoutMillis);

  /** True while started but without a frame for longer than the stall timeout. */
  boolean isStalled();

  /** How many frames were captured into the ring since open. */
  long framesCaptured();

  /** How many frames were dropped (too large for a slot, or truncated by the source). */
  long framesDropped();

  /**
   * Why the started camera delivers nothing, in words with the fix (e.g. the capture process exited
   * and what it said last), or null while it is fine or stopped. Cleared by the next frame.
   */
  default String failure() {
    return null;
  }

  /** How many of {@link #framesDropped()} were larger than a ring slot ({@code maxFrameBytes}). */
  default long framesTooLarge() {
    return 0;
  }

  /**
   * Takes a new size, rate, quality or controls for the next {@link #start()}; the ring stays as it
   * was allocated, so {@code ringSlots} and {@code maxFrameBytes} must not change. Only while
   * stopped.
   *
   * @throws IllegalStateException while running
   * @throws IllegalArgumentException when the id, ring slots or slot size differ
   * @throws UnsupportedOperationException when this camera cannot change
   */
  default void reconfigure(CameraConfig next) {
    throw new UnsupportedOperationException(id() + ": the camera cannot be reconfigured");
  }

  /** Adds a stall listener; closing the subscription removes it. */
  Subscription onStall(CameraListener listener);
}
