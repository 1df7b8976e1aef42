package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.WebSocketProtocol.MAX_CLOSE_REASON;
import static io.lightwire.websock.protocol.WebSocketProtocol.MAX_CONTROL_PAYLOAD;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_TEXT;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Whole frames written at a buffer's position, on {@link FrameCodec}'s headers: control frames
 * (ping, pong, close) and text frames encoded by {@link Utf8Encoding}. The client (masked, key per
 * frame) and the server (unmasked, key 0) write their control and text frames through here; large
 * data payloads are streamed or gathered by each side's writer around a {@link FrameCodec} header.
 *
 * <p>Stateless, thread-safe, allocation-free. Each method checks the room it needs first and then
 * advances the buffer's position by the frame it wrote.
 */
public final class FrameEncoder {

  /** The largest control frame on the wire: a 2-byte header, a mask key and 125 bytes. */
  public static final int MAX_CONTROL_FRAME =
      WebSocketProtocol.MIN_HEADER_LENGTH + WebSocketProtocol.MASK_KEY_LENGTH + MAX_CONTROL_PAYLOAD;

  private FrameEncoder() {}

  /**
   * Writes a control frame whose payload is {@code payload[offset, offset + length)}.
   *
   * @return the frame's length in bytes
   * @throws IllegalArgumentException when {@code length} is over 125 (RFC 6455 5.5)
   * @throws java.nio.BufferOverflowException when {@code dst} lacks the room
   */
  public static int control(
      ByteBuffer dst,
      int opcode,
      byte[] payload,
      int offset,
      int length,
      boolean masked,
      int maskKey) {
    if (length > MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException(
          "a control frame payload must be at most 125 bytes, was " + length);
    }
    int start = dst.position();
    int payloadStart = header(dst, true, opcode, length, masked, maskKey);
    dst.put(payload, offset, length);
    return finish(dst, start, payloadStart, masked, maskKey);
  }

  /**
   * Writes a close frame: empty when {@code code} is {@link CloseCodes#NO_STATUS}, else the code
   * and the reason bytes {@code reason[offset, offset + length)} (already UTF-8).
   *
   * @return the frame's length in bytes
   * @throws IllegalArgumentException when the reason is over 123 bytes, or a reason comes with no
   *     code
   */
  public static int close(
      ByteBuffer dst,
      int code,
      byte[] reason,
      int offset,
      int length,
      boolean masked,
      int maskKey) {
    if (length > MAX_CLOSE_REASON) {
      throw new IllegalArgumentException(
          "a close reason must be at most 123 UTF-8 bytes, was " + length);
    }
    if (code == CloseCodes.NO_STATUS) {
      if (length > 0) {
        throw new IllegalArgumentException("an empty close (1005) cannot carry a reason");
      }
    }
    int start = dst.position();
    int payload = code == CloseCodes.NO_STATUS ? 0 : 2 + length;
    int payloadStart = header(dst, true, OPCODE_CLOSE, payload, masked, maskKey);
    if (payload > 0) {
      dst.put((byte) (code >>> 8)).put((byte) code).put(reason, offset, length);
    }
    return finish(dst, start, payloadStart, masked, maskKey);
  }

  /**
   * Writes one whole text frame (FIN set) with {@code text} as UTF-8; {@code utf8Length} is {@link
   * Utf8Encoding#encodedLength}'s answer (the caller checked the limits and the room with it).
   *
   * @return the frame's length in bytes
   */
  public static int text(
      ByteBuffer dst, CharSequence text, int utf8Length, boolean masked, int maskKey) {
    int start = dst.position();
    int payloadStart = header(dst, true, OPCODE_TEXT, utf8Length, masked, maskKey);
    Utf8Encoding.encode(text, 0, dst);
    return finish(dst, start, payloadStart, masked, maskKey);
  }

  /** Writes the header at the position, which it passes; returns where the payload starts. */
  private static int header(
      ByteBuffer dst, boolean fin, int opcode, int length, boolean masked, int maskKey) {
    int start = dst.position();
    if (dst.remaining() < FrameCodec.headerLength(length, masked) + length) {
      throw new BufferOverflowException();
    }
    dst.position(start + FrameCodec.encodeHeader(dst, start, fin, opcode, length, masked, maskKey));
    return dst.position();
  }

  /** Masks the payload written since {@code payloadStart}; returns the frame's length. */
  private static int finish(ByteBuffer dst, int start, int payloadStart, boolean masked, int key) {
    int end = dst.position();
    if (masked) {
      Masking.mask(dst, payloadStart, end - payloadStart, key, 0);
    }
    return end - start;
  }
}
