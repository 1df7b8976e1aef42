package io.lightwire.websock.client;

/**
 * Callbacks of {@link WebSocketClient#startReceiveLoop}: all run on the loop's one thread, in
 * arrival order. The byte ranges are only valid during the call (the loop reuses its buffer).
 * Sending from a callback is allowed; closing too.
 */
public interface WebSocketListener {

  /**
   * A piece of a text message: a whole frame or part of one (validated UTF-8 so far; a piece may
   * end inside a multi-byte character).
   *
   * @param last true when this piece ends the message
   */
  void onText(byte[] buffer, int offset, int length, boolean last);

  /**
   * A piece of a binary message.
   *
   * @param last true when this piece ends the message
   */
  void onBinary(byte[] buffer, int offset, int length, boolean last);

  /** A pong arrived (an answer to {@link WebSocketClient#ping}); payload at most 125 bytes. */
  default void onPong(byte[] buffer, int offset, int length) {}

  /**
   * The peer closed the connection (the close was answered); the loop ends after this call.
   *
   * @param code the peer's close code, 1005 when it sent none
   * @param reason the peer's reason, {@code ""} when none
   */
  default void onClose(int code, String reason) {}

  /**
   * Receiving failed (protocol violation, I/O error, connection lost); the loop ends after this
   * call.
   */
  default void onError(Exception error) {}
}
