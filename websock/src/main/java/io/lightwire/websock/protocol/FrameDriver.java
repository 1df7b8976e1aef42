package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_NONE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PING;

/**
 * The one loop body that feeds a {@link FrameParser} and calls a {@link FrameCallback}, used by the
 * client and the server alike (they differ in where bytes come from and who masks, never in how a
 * frame is handled). Control payloads are collected in the driver's own 125-byte buffer, so a
 * control frame split across reads is reported whole; data payload is reported piece by piece
 * straight from the caller's buffer.
 *
 * <p>Unit of work, {@link #step}: consumes from the given bytes at most one frame header, or one
 * piece of payload, and calls at most one callback (when a control frame completes, for each piece
 * of data, once for an empty data frame). The caller loops, and may stop between steps (paused,
 * closed, a value delivered). The parse state survives between steps, so bytes may arrive in any
 * split.
 *
 * <p>One thread at a time. Allocation-free except on the error path (the parser's message).
 */
public final class FrameDriver {

  /** {@link #step} result: the peer broke the protocol; the parser holds the code and the rule. */
  public static final int ERROR = FrameParser.ERROR;

  private final FrameParser parser;
  private final FrameCallback callback;
  private final byte[] control = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
  private int controlLength;
  private int frameOpcode = OPCODE_NONE;
  private int messageType = OPCODE_NONE;
  private boolean fin;
  private long frameLength;
  private int consumedBeforeError;

  /** A driver over {@code parser} reporting to {@code callback}. */
  public FrameDriver(FrameParser parser, FrameCallback callback) {
    this.parser = parser;
    this.callback = callback;
  }

  /**
   * Consumes one header, or one piece of payload, from {@code src[offset, offset + length)}; at
   * most {@code maxData} bytes of data payload are taken (control payload is always taken as far as
   * it is there). Payload is unmasked and validated in place in {@code src}.
   *
   * @return bytes consumed (0 when a header is not complete yet: it stays in {@code src} for the
   *     next read, or when {@code maxData} is 0 in data payload), or {@link #ERROR}
   */
  public int step(byte[] src, int offset, int length, int maxData) {
    if (!parser.inPayload()) {
      int n = parser.parseHeader(src, offset, length);
      if (n == FrameParser.ERROR) {
        consumedBeforeError = 0;
        return ERROR;
      }
      if (parser.inPayload()) {
        startFrame();
        if (parser.payloadRemaining() == 0 && endPayload(src, offset + n, 0) == ERROR) {
          consumedBeforeError = n;
          return ERROR;
        }
      }
      return n;
    }
    int take = (int) Math.min(parser.payloadRemaining(), length);
    if (!parser.isControlFrame()) {
      take = Math.min(take, maxData);
      if (take == 0) {
        return 0;
      }
    }
    if (endPayload(src, offset, take) == ERROR) {
      consumedBeforeError = take;
      return ERROR;
    }
    return take;
  }

  /** After {@link #step} returned {@link #ERROR}: the bytes of that step before the violation. */
  public int consumedBeforeError() {
    return consumedBeforeError;
  }

  /** The collected control payload buffer (a ping's or pong's bytes during its callback). */
  public byte[] controlBuffer() {
    return control;
  }

  /** True while the current frame's payload is being read (a header is complete). */
  public boolean inPayload() {
    return parser.inPayload();
  }

  /** True while in the payload of a data (not control) frame. */
  public boolean inDataPayload() {
    return parser.inPayload() && !WebSocketProtocol.isControl(frameOpcode);
  }

  /** The opcode of the frame read last (its header complete). */
  public int frameOpcode() {
    return frameOpcode;
  }

  /** The message type (text or binary) of the data frame read last. */
  public int messageType() {
    return messageType;
  }

  /** FIN of the frame read last. */
  public boolean fin() {
    return fin;
  }

  /** The payload length of the frame read last, in bytes. */
  public long frameLength() {
    return frameLength;
  }

  /** Payload bytes of the current frame not consumed yet. */
  public long payloadRemaining() {
    return parser.payloadRemaining();
  }

  /** The parser this driver feeds. */
  public FrameParser parser() {
    return parser;
  }

  /** Back to the first header of a new connection. */
  public void reset() {
    parser.reset();
    controlLength = 0;
    frameOpcode = OPCODE_NONE;
    messageType = OPCODE_NONE;
  }

  private void startFrame() {
    frameOpcode = parser.opcode();
    fin = parser.fin();
    frameLength = parser.payloadLength();
    // Read before the payload: ending the frame ends the message, and the parser forgets its type.
    int type = parser.messageOpcode();
    messageType = type == OPCODE_NONE ? frameOpcode : type;
    controlLength = 0;
  }

  private int endPayload(byte[] src, int offset, int length) {
    if (!WebSocketProtocol.isControl(frameOpcode)) {
      if (parser.payload(src, offset, length) == FrameParser.ERROR) {
        return ERROR;
      }
      callback.onData(src, offset, length);
      return length;
    }
    System.arraycopy(src, offset, control, controlLength, length);
    if (parser.payload(control, controlLength, length) == FrameParser.ERROR) {
      return ERROR;
    }
    controlLength += length;
    if (parser.inPayload()) {
      return length;
    }
    if (frameOpcode == OPCODE_PING) {
      callback.onPing(control, 0, controlLength);
    } else if (frameOpcode == OPCODE_CLOSE) {
      if (parser.checkClose(control, 0, controlLength) == FrameParser.ERROR) {
        return ERROR;
      }
      callback.onClose(CloseCodes.code(control, 0, controlLength), control, 0, controlLength);
    } else {
      callback.onPong(control, 0, controlLength);
    }
    return length;
  }
}
