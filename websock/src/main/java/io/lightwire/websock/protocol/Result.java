package io.lightwire.websock.protocol;

/**
 * The one result vocabulary of every send, receive and read in Lightwire: the server's {@code
 * WebSocketConnection} sends, the client's sends and {@code recv}, the firmware's stream writes and
 * the camera's frame reads (the hal module cannot see this class, so {@code Camera} repeats the
 * values it uses and a firmware test asserts they agree). A call returns a non-negative count
 * (bytes accepted, delivered or copied; or {@link #OK}) or one of these distinct negative values,
 * each meaning the same thing wherever it appears. Nothing was done when one of them is returned,
 * unless the method says otherwise ({@link #TIMEOUT} of a blocked client write).
 *
 * <p>A connection that ended without a completed close handshake (dropped) is reported with close
 * code {@link CloseCodes#ABNORMAL} (1006) everywhere: the client's {@code status()} and the
 * server's {@code onClose}.
 */
public final class Result {

  /** Done (a send with nothing else to count). */
  public static final int OK = 0;

  /** The transmit queue or ring is full: nothing was queued; retry when writable. */
  public static final int BACK_PRESSURED = -1;

  /** The connection (or the camera, or the page) is closed in that direction: nothing was done. */
  public static final int CLOSED = -2;

  /** The payload is larger than the limit that applies (frame limit, control frame 125 bytes). */
  public static final int TOO_BIG = -3;

  /** Nothing arrived, or the call could not complete, within its timeout or deadline. */
  public static final int TIMEOUT = -4;

  /** The caller's buffer is smaller than the item to copy (a camera frame): nothing was copied. */
  public static final int BUFFER_TOO_SMALL = -5;

  private Result() {}

  /** A short name for logs and messages: {@code "CLOSED"}, or the count itself. */
  public static String name(long result) {
    if (result >= 0) {
      return Long.toString(result);
    }
    return switch ((int) result) {
      case BACK_PRESSURED -> "BACK_PRESSURED";
      case CLOSED -> "CLOSED";
      case TOO_BIG -> "TOO_BIG";
      case TIMEOUT -> "TIMEOUT";
      case BUFFER_TOO_SMALL -> "BUFFER_TOO_SMALL";
      default -> "unknown(" + result + ")";
    };
  }
}
