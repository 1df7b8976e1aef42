package io.lightwire.websock.protocol;

import static io.lightwire.websock.protocol.WebSocketProtocol.B0_FLAG_FIN;
import static io.lightwire.websock.protocol.WebSocketProtocol.B0_MASK_OPCODE;
import static io.lightwire.websock.protocol.WebSocketProtocol.B0_MASK_RSV;
import static io.lightwire.websock.protocol.WebSocketProtocol.B1_FLAG_MASK;
import static io.lightwire.websock.protocol.WebSocketProtocol.B1_MASK_LENGTH;
import static io.lightwire.websock.protocol.WebSocketProtocol.MAX_CONTROL_PAYLOAD;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_BINARY;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_NONE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_TEXT;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_LONG;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_SHORT;
import static io.lightwire.websock.protocol.WebSocketProtocol.PAYLOAD_SHORT_MAX;

/**
 * Incremental, validating frame parser for either role, in the style of Netty's {@code
 * WebSocket08FrameDecoder}: an explicit state machine ({@link #READING_FIRST}, {@link
 * #READING_SECOND}, {@link #READING_SIZE}, {@link #READING_MASK}, {@link #PAYLOAD}, {@link
 * #CORRUPT}) whose whole state is a few fields, so it can stop after any byte and resume when more
 * arrive. It never buffers a frame: the caller owns every byte.
 *
 * <p>The unit of work:
 *
 * <ol>
 *   <li>{@link #parseHeader} consumes header bytes only, and stops as soon as a header is complete
 *       and valid (state {@link #PAYLOAD}); the fields are then readable through the getters.
 *   <li>{@link #payload} is called for each piece of that frame's payload, in order, once the
 *       caller has put the bytes where it wants them: it unmasks them in place (server role),
 *       validates UTF-8 of text messages across frames, and when the last byte of the frame has
 *       been handed over (also for empty frames: call it with 0 bytes) returns the parser to {@link
 *       #READING_FIRST}.
 * </ol>
 *
 * <p>Every rule of RFC 6455 sections 5 and 6 that can be checked per byte is checked here, as early
 * as the bytes allow, and every violation goes through one path: the parser becomes {@link
 * #CORRUPT}, the call returns {@link #ERROR}, and {@link #closeCode()} / {@link #errorMessage()}
 * tell which close code (1002, 1003, 1007, 1009) answers it and which rule was broken. Close-frame
 * payloads, which the caller collects (at most 125 bytes), are checked with {@link #checkClose}.
 *
 * <p>One instance per connection, used by one thread at a time. Nothing is allocated except the
 * error message on the error path.
 */
public final class FrameParser {

  /** Parsing frames a server sent: they must not be masked. */
  public static final int ROLE_CLIENT = 0;

  /** Parsing frames a client sent: they must be masked. */
  public static final int ROLE_SERVER = 1;

  /** Accept text and binary messages. */
  public static final int ACCEPT_ANY = 0;

  /** Accept text messages only; a binary message is refused with 1003. */
  public static final int ACCEPT_TEXT_ONLY = 1;

  /** Accept binary messages only; a text message is refused with 1003. */
  public static final int ACCEPT_BINARY_ONLY = 2;

  /** Return value of {@link #parseHeader}, {@link #payload} and {@link #checkClose} on error. */
  public static final int ERROR = -1;

  /** State: expecting byte 0 (FIN, RSV, opcode). */
  public static final int READING_FIRST = 0;

  /** State: expecting byte 1 (MASK, 7-bit length). */
  public static final int READING_SECOND = 1;

  /** State: reading the 16- or 64-bit extended length. */
  public static final int READING_SIZE = 2;

  /** State: reading the 4-byte masking key. */
  public static final int READING_MASK = 3;

  /** State: a valid header is complete; the payload is being handed over. */
  public static final int PAYLOAD = 4;

  /** State: a rule was broken; nothing more is parsed until {@link #reset()}. */
  public static final int CORRUPT = 5;

  private final boolean expectMasked;
  private final long maxFramePayload;
  private final long maxMessagePayload;
  private final int accept;
  private final Utf8Validator utf8 = new Utf8Validator();

  private int state = READING_FIRST;
  private boolean fin;
  private int opcode = OPCODE_NONE;
  private boolean masked;
  private int sizeBytesLeft;
  private int sizeForm;
  private int maskBytesLeft;
  private int maskKey;
  private long payloadLength;
  private long payloadRemaining;
  private int keyIndex;
  private int messageOpcode = OPCODE_NONE;
  private long messageLength;
  private int closeCode;
  private String errorMessage;

  /**
   * Creates a parser.
   *
   * @param role {@link #ROLE_CLIENT} or {@link #ROLE_SERVER}
   * @param maxFramePayload largest accepted frame payload in bytes; larger ones fail with 1009
   * @param maxMessagePayload largest accepted message (all its fragments) in bytes; 1009 beyond
   * @param accept {@link #ACCEPT_ANY}, {@link #ACCEPT_TEXT_ONLY} or {@link #ACCEPT_BINARY_ONLY}
   * @throws IllegalArgumentException when a value is out of range
   */
  public FrameParser(int role, long maxFramePayload, long maxMessagePayload, int accept) {
    if (role != ROLE_CLIENT && role != ROLE_SERVER) {
      throw new IllegalArgumentException("role must be ROLE_CLIENT or ROLE_SERVER, was " + role);
    }
    if (maxFramePayload < MAX_CONTROL_PAYLOAD || maxMessagePayload < maxFramePayload) {
      throw new IllegalArgumentException(
          "limits must satisfy 125 <= maxFramePayload <= maxMessagePayload, were "
              + maxFramePayload
              + " and "
              + maxMessagePayload);
    }
    if (accept < ACCEPT_ANY || accept > ACCEPT_BINARY_ONLY) {
      throw new IllegalArgumentException("accept must be ACCEPT_ANY/TEXT_ONLY/BINARY_ONLY");
    }
    this.expectMasked = role == ROLE_SERVER;
    this.maxFramePayload = maxFramePayload;
    this.maxMessagePayload = maxMessagePayload;
    this.accept = accept;
  }

  /** Back to the initial state, forgetting any message in progress and any error. */
  public void reset() {
    state = READING_FIRST;
    opcode = OPCODE_NONE;
    messageOpcode = OPCODE_NONE;
    messageLength = 0;
    payloadRemaining = 0;
    closeCode = 0;
    errorMessage = null;
    utf8.reset();
  }

  /**
   * Consumes header bytes from {@code src[offset, offset + length)}, stopping at the end of the
   * range or as soon as a header is complete and valid.
   *
   * @return the number of bytes consumed (0 when already in {@link #PAYLOAD}), or {@link #ERROR}
   */
  public int parseHeader(byte[] src, int offset, int length) {
    if (state == CORRUPT) {
      return ERROR;
    }
    int i = offset;
    int end = offset + length;
    while (i < end && state < PAYLOAD) {
      int b = src[i++] & 0xFF;
      switch (state) {
        case READING_FIRST -> {
          fin = (b & B0_FLAG_FIN) != 0;
          opcode = b & B0_MASK_OPCODE;
          if ((b & B0_MASK_RSV) != 0) {
            return violation(
                CloseCodes.PROTOCOL_ERROR,
                "RSV bits must be 0 without a negotiated extension, were 0x"
                    + Integer.toHexString(b & B0_MASK_RSV));
          }
          if (!WebSocketProtocol.isDefined(opcode)) {
            return violation(
                CloseCodes.PROTOCOL_ERROR,
                "opcode must be defined by RFC 6455, was 0x" + Integer.toHexString(opcode));
          }
          if (WebSocketProtocol.isControl(opcode) && !fin) {
            return violation(
                CloseCodes.PROTOCOL_ERROR,
                "control frames must not be fragmented, " + opcodeName() + " had FIN=0");
          }
          state = READING_SECOND;
        }
        case READING_SECOND -> {
          masked = (b & B1_FLAG_MASK) != 0;
          if (masked != expectMasked) {
            return violation(
                CloseCodes.PROTOCOL_ERROR,
                expectMasked
                    ? "client frames must be masked, " + opcodeName() + " was not"
                    : "server frames must not be masked, " + opcodeName() + " was");
          }
          int len7 = b & B1_MASK_LENGTH;
          payloadLength = 0;
          maskKey = 0;
          if (len7 == PAYLOAD_SHORT) {
            sizeBytesLeft = 2;
          } else if (len7 == PAYLOAD_LONG) {
            sizeBytesLeft = 8;
          } else {
            sizeBytesLeft = 0;
            payloadLength = len7;
          }
          sizeForm = sizeBytesLeft;
          if (WebSocketProtocol.isControl(opcode) && len7 > MAX_CONTROL_PAYLOAD) {
            return violation(
                CloseCodes.PROTOCOL_ERROR,
                "control frames carry at most 125 payload bytes, "
                    + opcodeName()
                    + " announced a "
                    + (len7 == PAYLOAD_SHORT ? "16" : "64")
                    + "-bit length");
          }
          maskBytesLeft = masked ? WebSocketProtocol.MASK_KEY_LENGTH : 0;
          state = sizeBytesLeft > 0 ? READING_SIZE : masked ? READING_MASK : PAYLOAD;
        }
        case READING_SIZE -> {
          payloadLength = (payloadLength << 8) | b;
          if (--sizeBytesLeft == 0) {
            if (checkSize() == ERROR) {
              return ERROR;
            }
            state = masked ? READING_MASK : PAYLOAD;
          }
        }
        case READING_MASK -> {
          maskKey = (maskKey << 8) | b;
          if (--maskBytesLeft == 0) {
            state = PAYLOAD;
          }
        }
        default -> throw new IllegalStateException("unreachable parser state " + state);
      }
      if (state == PAYLOAD && startFrame() == ERROR) {
        return ERROR;
      }
    }
    return i - offset;
  }

  /**
   * Hands over the next {@code length} payload bytes of the current frame, which the caller has
   * placed at {@code buf[offset]}. They are unmasked in place when the frame is masked, and
   * validated as UTF-8 when they belong to a text message. When they are the frame's last bytes (or
   * the frame is empty and {@code length} is 0) the frame ends and the parser is ready for the next
   * header.
   *
   * @return {@code length}, or {@link #ERROR} (invalid UTF-8: 1007)
   * @throws IllegalStateException when no header is complete or {@code length} exceeds {@link
   *     #payloadRemaining()}
   */
  public int payload(byte[] buf, int offset, int length) {
    if (state == CORRUPT) {
      return ERROR;
    }
    if (state != PAYLOAD || length < 0 || length > payloadRemaining) {
      throw new IllegalStateException(
          "payload(" + length + ") in state " + state + " with " + payloadRemaining + " remaining");
    }
    if (masked) {
      keyIndex = Masking.mask(buf, offset, length, maskKey, keyIndex);
    }
    if (isTextData()) {
      int bad = utf8.validate(buf, offset, length);
      if (bad != Utf8Validator.VALID) {
        return violation(
            CloseCodes.INVALID_PAYLOAD,
            "text messages must be valid UTF-8, byte 0x"
                + Integer.toHexString(buf[bad] & 0xFF)
                + " at payload offset "
                + (payloadLength - payloadRemaining + (bad - offset))
                + " is not");
      }
    }
    payloadRemaining -= length;
    if (payloadRemaining == 0) {
      return endFrame() == ERROR ? ERROR : length;
    }
    return length;
  }

  /**
   * Checks a complete close payload collected by the caller (after {@link #payload} unmasked it).
   *
   * @return {@link CloseCodes#VALID}, or {@link #ERROR} (1002 for a bad length or code, 1007 for a
   *     reason that is not UTF-8)
   */
  public int checkClose(byte[] payload, int offset, int length) {
    int result = CloseCodes.checkClosePayload(payload, offset, length);
    if (result == CloseCodes.VALID) {
      return CloseCodes.VALID;
    }
    if (result == CloseCodes.INVALID_PAYLOAD) {
      return violation(result, "a close reason must be valid UTF-8");
    }
    return violation(
        result,
        length == 1
            ? "a close payload must be empty or at least 2 bytes, was 1"
            : "close code must be 1000-1003, 1007-1014 or 3000-4999, was "
                + CloseCodes.code(payload, offset, length));
  }

  /**
   * Fails the parser for a rule the caller checks itself (e.g. an unexpected close sequence): the
   * same single error path as the parser's own checks.
   *
   * @return {@link #ERROR}
   */
  public int fail(int closeCode, String rule) {
    return violation(closeCode, rule);
  }

  private int checkSize() {
    if (payloadLength < 0) {
      return violation(
          CloseCodes.PROTOCOL_ERROR,
          "the most significant bit of a 64-bit length must be 0, length was 0x"
              + Long.toHexString(payloadLength));
    }
    long shortestOfForm = sizeForm == 2 ? PAYLOAD_BYTE_MAX + 1 : PAYLOAD_SHORT_MAX + 1L;
    if (payloadLength < shortestOfForm) {
      return violation(
          CloseCodes.PROTOCOL_ERROR,
          "the minimal length encoding must be used, "
              + payloadLength
              + " was sent in the "
              + (sizeForm * 8)
              + "-bit form");
    }
    return 0;
  }

  private int startFrame() {
    payloadRemaining = payloadLength;
    keyIndex = 0;
    if (payloadLength > maxFramePayload) {
      return violation(
          CloseCodes.TOO_BIG,
          "frame payload must be at most " + maxFramePayload + " bytes, was " + payloadLength);
    }
    if (WebSocketProtocol.isControl(opcode)) {
      return 0;
    }
    if (opcode == OPCODE_CONTINUATION) {
      if (messageOpcode == OPCODE_NONE) {
        return violation(
            CloseCodes.PROTOCOL_ERROR,
            "a continuation frame needs a message in progress, none was");
      }
    } else {
      if (messageOpcode != OPCODE_NONE) {
        return violation(
            CloseCodes.PROTOCOL_ERROR,
            "a new "
                + opcodeName()
                + " message must not start before the "
                + WebSocketProtocol.opcodeName(messageOpcode)
                + " message in progress ends");
      }
      if ((opcode == OPCODE_TEXT && accept == ACCEPT_BINARY_ONLY)
          || (opcode == OPCODE_BINARY && accept == ACCEPT_TEXT_ONLY)) {
        return violation(
            CloseCodes.UNSUPPORTED_DATA,
            "this socket accepts "
                + (accept == ACCEPT_TEXT_ONLY ? "text" : "binary")
                + " messages only, received "
                + opcodeName());
      }
      messageOpcode = opcode;
      messageLength = 0;
      utf8.reset();
    }
    messageLength += payloadLength;
    if (messageLength > maxMessagePayload) {
      return violation(
          CloseCodes.TOO_BIG,
          "message payload must be at most " + maxMessagePayload + " bytes, was " + messageLength);
    }
    return 0;
  }

  private int endFrame() {
    state = READING_FIRST;
    if (!WebSocketProtocol.isControl(opcode) && fin) {
      if (messageOpcode == OPCODE_TEXT && !utf8.isComplete()) {
        return violation(
            CloseCodes.INVALID_PAYLOAD,
            "text messages must be valid UTF-8, the message ended inside a multi-byte sequence");
      }
      messageOpcode = OPCODE_NONE;
    }
    return 0;
  }

  private boolean isTextData() {
    return opcode == OPCODE_TEXT || (opcode == OPCODE_CONTINUATION && messageOpcode == OPCODE_TEXT);
  }

  private int violation(int code, String rule) {
    state = CORRUPT;
    closeCode = code;
    errorMessage = rule;
    return ERROR;
  }

  private String opcodeName() {
    return WebSocketProtocol.opcodeName(opcode);
  }

  /** The current state: {@link #READING_FIRST} ... {@link #CORRUPT}. */
  public int state() {
    return state;
  }

  /** True when a valid header is complete and its payload is being handed over. */
  public boolean inPayload() {
    return state == PAYLOAD;
  }

  /** The FIN bit of the current frame. */
  public boolean fin() {
    return fin;
  }

  /** The opcode of the current frame ({@code 0} for a continuation). */
  public int opcode() {
    return opcode;
  }

  /** The opcode of the data message in progress (text or binary), or -1 between messages. */
  public int messageOpcode() {
    return messageOpcode;
  }

  /** True when the current frame is a control frame. */
  public boolean isControlFrame() {
    return WebSocketProtocol.isControl(opcode);
  }

  /** The current frame's payload length in bytes. */
  public long payloadLength() {
    return payloadLength;
  }

  /** Bytes of the current frame's payload not yet handed over through {@link #payload}. */
  public long payloadRemaining() {
    return payloadRemaining;
  }

  /** The current frame's masking key, 0 when unmasked. */
  public int maskKey() {
    return maskKey;
  }

  /** After {@link #ERROR}: the close code that answers the violation; 0 otherwise. */
  public int closeCode() {
    return closeCode;
  }

  /** After {@link #ERROR}: the rule that was broken and the value; {@code null} otherwise. */
  public String errorMessage() {
    return errorMessage;
  }

  /** After {@link #ERROR}: the violation as an exception, for callers that throw. */
  public WebSocketProtocolException toException() {
    return new WebSocketProtocolException(closeCode, errorMessage);
  }
}
