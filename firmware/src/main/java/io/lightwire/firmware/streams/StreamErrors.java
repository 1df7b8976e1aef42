package io.lightwire.firmware.streams;

/**
 * The error codes of the stream protocol, the same strings on the WebSocket wire, in REST bodies
 * and in the JavaScript client's {@code StreamError.code}.
 */
public final class StreamErrors {

  /** No stream of that name is registered; the message names it. */
  public static final String UNKNOWN_STREAM = "unknown-stream";

  /** The stream does not allow this operation (a read of a write-only stream, or the reverse). */
  public static final String PERMISSION_DENIED = "permission-denied";

  /** The message is not valid msgpack, or not a well-formed request. */
  public static final String MALFORMED = "malformed";

  /** The handler did not answer within the time allowed. */
  public static final String TIMEOUT = "timeout";

  /** No stream message or queue slot was free; retry later. */
  public static final String BUSY = "busy";

  /** The handler threw; the message says what. */
  public static final String HANDLER_FAILED = "handler-failed";

  /** The answer did not fit a stream message. */
  public static final String TOO_BIG = "too-big";

  private StreamErrors() {}
}
