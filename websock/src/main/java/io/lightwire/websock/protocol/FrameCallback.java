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
   * once with length 0. The frame's facts are on the driver during the call: {@link
   * FrameDriver#messageType()} (text or binary, the message's), {@link FrameDriver#frameOpcode()},
   * {@link FrameDriver#fin()}, {@link FrameDriver#frameLength()} and {@link
   * FrameDriver#payloadRemaining()} (bytes of this frame still to come after these).
   */
  void onData(byte[] buf, int offset, int length);

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
