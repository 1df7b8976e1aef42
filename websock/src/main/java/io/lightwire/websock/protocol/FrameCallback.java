package io.lightwire.websock.protocol;

/**
 * What {@link FrameDriver} reports (OkHttp's {@code WebSocketReader.FrameCallback} shape): data
 * payload as it arrives, and each control frame once it is whole and valid. The byte ranges are
 * unmasked and validated, and valid only during the call. Called on the thread that drives the
 * driver.
 */
public interface FrameCallback {

  /**
   * Payload bytes of a data frame, {@code buf[offset, offset + length)}: the next piece of the
   * frame (all of it, or as much as arrived or as the caller asked for). An empty frame is reported
   * once with length 0.
   *
   * @param messageType {@link WebSocketProtocol#OPCODE_TEXT} or {@link
   *     WebSocketProtocol#OPCODE_BINARY}: the type of the message the frame belongs to
   * @param opcode the frame's own opcode (text, binary or continuation)
   * @param fin the frame is the last of its message
   * @param frameLength the frame's whole payload length in bytes
   * @param remaining bytes of this frame still to come after these
   */
  void onData(
      int messageType,
      int opcode,
      boolean fin,
      byte[] buf,
      int offset,
      int length,
      long frameLength,
      long remaining);

  /** A ping with its payload (at most 125 bytes); answering it is the caller's job. */
  void onPing(byte[] payload, int offset, int length);

  /** A pong with its payload. */
  void onPong(byte[] payload, int offset, int length);

  /**
   * The peer's close frame, checked: {@code code} is {@link CloseCodes#NO_STATUS} when it carried
   * none; the reason is {@code payload[offset + 2, offset + length)} when {@code length > 2}.
   */
  void onClose(int code, byte[] payload, int offset, int length);
}
