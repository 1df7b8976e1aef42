package io.lightwire.websock.client;

import io.lightwire.websock.protocol.WebSocketProtocol;

/**
 * What {@link WebSocketClient#recv} delivered: the counterpart of seed 004's {@code
 * websock_msg_hdr_t}. A mutable holder the caller keeps and passes to every call, so receiving
 * allocates nothing. Fields describe the frame the returned bytes belong to.
 *
 * <ul>
 *   <li>{@link #opcode()}: the frame's opcode ({@code 0} continuation, {@code 1} text, {@code 2}
 *       binary, {@code 8} close, {@code 10} pong); {@link WebSocketProtocol#OPCODE_NONE} (-1) when
 *       the call timed out before a header was complete: not an error, call again.
 *   <li>{@link #messageType()}: text or binary for data frames, including continuations.
 *   <li>{@link #fin()}: the frame is the last of its message.
 *   <li>{@link #payloadLength()}: the whole frame's payload length in bytes.
 *   <li>{@link #remaining()}: bytes of this frame still to come after this delivery; 0 means the
 *       frame is complete, and with {@link #fin()} the message is.
 * </ul>
 *
 * <p>Not thread-safe; use one per receiving thread.
 */
public final class MessageHeader {

  private boolean fin;
  private int opcode = WebSocketProtocol.OPCODE_NONE;
  private int messageType = WebSocketProtocol.OPCODE_NONE;
  private long payloadLength;
  private long remaining;

  /** Creates an empty header ({@link #opcode()} is -1). */
  public MessageHeader() {}

  /**
   * Fills every field; called by the client on each delivery.
   *
   * @param fin the frame's FIN bit
   * @param opcode the frame's opcode, or -1 for none
   * @param messageType text or binary for data frames, else the control opcode, or -1
   * @param payloadLength the frame's payload length in bytes
   * @param remaining bytes of the frame still to be delivered
   */
  public void set(boolean fin, int opcode, int messageType, long payloadLength, long remaining) {
    this.fin = fin;
    this.opcode = opcode;
    this.messageType = messageType;
    this.payloadLength = payloadLength;
    this.remaining = remaining;
  }

  /** Resets to the empty state: opcode -1, lengths 0. */
  public void clear() {
    set(false, WebSocketProtocol.OPCODE_NONE, WebSocketProtocol.OPCODE_NONE, 0, 0);
  }

  /** The frame's FIN bit: it is the last frame of its message. */
  public boolean fin() {
    return fin;
  }

  /** The frame's opcode, or -1 when no header was complete (a timeout). */
  public int opcode() {
    return opcode;
  }

  /** Text (1) or binary (2) for data frames and their continuations; the opcode for control. */
  public int messageType() {
    return messageType;
  }

  /** The frame's whole payload length in bytes. */
  public long payloadLength() {
    return payloadLength;
  }

  /** Bytes of this frame not yet delivered; 0 when the frame is complete. */
  public long remaining() {
    return remaining;
  }

  /** True when this delivery completes a data message: {@code fin && remaining == 0}. */
  public boolean endOfMessage() {
    return fin && remaining == 0 && !WebSocketProtocol.isControl(opcode) && opcode >= 0;
  }

  /** True when the last delivery was of a text message. */
  public boolean isText() {
    return messageType == WebSocketProtocol.OPCODE_TEXT;
  }

  @Override
  public String toString() {
    return "MessageHeader[fin="
        + fin
        + ", opcode="
        + (opcode < 0 ? "none" : WebSocketProtocol.opcodeName(opcode))
        + ", payloadLength="
        + payloadLength
        + ", remaining="
        + remaining
        + "]";
  }
}
