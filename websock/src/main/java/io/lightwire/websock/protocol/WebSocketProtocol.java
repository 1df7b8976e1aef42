package io.lightwire.websock.protocol;

/**
 * RFC 6455 constants: frame bits, opcodes, length forms and limits. Shared by the client and the
 * server; no logic here beyond a few opcode predicates.
 */
public final class WebSocketProtocol {

  /** Byte 0: the frame is the last of its message. */
  public static final int B0_FLAG_FIN = 0x80;

  /** Byte 0: reserved bit 1 (only with a negotiated extension; Lightwire negotiates none). */
  public static final int B0_FLAG_RSV1 = 0x40;

  /** Byte 0: reserved bit 2. */
  public static final int B0_FLAG_RSV2 = 0x20;

  /** Byte 0: reserved bit 3. */
  public static final int B0_FLAG_RSV3 = 0x10;

  /** Byte 0: all three reserved bits. */
  public static final int B0_MASK_RSV = 0x70;

  /** Byte 0: the opcode nibble. */
  public static final int B0_MASK_OPCODE = 0x0F;

  /** Byte 1: the payload is masked (every client-to-server frame). */
  public static final int B1_FLAG_MASK = 0x80;

  /** Byte 1: the 7-bit length field. */
  public static final int B1_MASK_LENGTH = 0x7F;

  /** Opcode: continuation of a fragmented message. */
  public static final int OPCODE_CONTINUATION = 0x0;

  /** Opcode: first frame of a text message (UTF-8 payload). */
  public static final int OPCODE_TEXT = 0x1;

  /** Opcode: first frame of a binary message. */
  public static final int OPCODE_BINARY = 0x2;

  /** Opcode: close (control). */
  public static final int OPCODE_CLOSE = 0x8;

  /** Opcode: ping (control). */
  public static final int OPCODE_PING = 0x9;

  /** Opcode: pong (control). */
  public static final int OPCODE_PONG = 0xA;

  /** Opcodes with this bit set are control frames. */
  public static final int OPCODE_FLAG_CONTROL = 0x8;

  /** No opcode: a header that is not (yet) valid. */
  public static final int OPCODE_NONE = -1;

  /** Largest length that fits the 7-bit length field. */
  public static final int PAYLOAD_BYTE_MAX = 125;

  /** 7-bit length value announcing a 16-bit extended length. */
  public static final int PAYLOAD_SHORT = 126;

  /** Largest length that fits the 16-bit extended length. */
  public static final int PAYLOAD_SHORT_MAX = 0xFFFF;

  /** 7-bit length value announcing a 64-bit extended length. */
  public static final int PAYLOAD_LONG = 127;

  /** Control frames carry at most this many payload bytes (RFC 6455 5.5). */
  public static final int MAX_CONTROL_PAYLOAD = 125;

  /** A close reason may be at most 123 bytes: 125 minus the 2-byte code. */
  public static final int MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;

  /** Size of a masking key in bytes. */
  public static final int MASK_KEY_LENGTH = 4;

  /** Smallest possible header: 2 bytes. */
  public static final int MIN_HEADER_LENGTH = 2;

  /** Largest possible header: 2 + 8 length bytes + 4 mask bytes. */
  public static final int MAX_HEADER_LENGTH = 14;

  /** The only protocol version RFC 6455 defines, sent in {@code Sec-WebSocket-Version}. */
  public static final int VERSION = 13;

  /** GUID appended to the key before hashing to make {@code Sec-WebSocket-Accept}. */
  public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** Default port of {@code ws://}. */
  public static final int DEFAULT_PORT = 80;

  /** Default port of {@code wss://}. */
  public static final int DEFAULT_SECURE_PORT = 443;

  private WebSocketProtocol() {}

  /** True for close, ping and pong (and the reserved control opcodes 0xB-0xF). */
  public static boolean isControl(int opcode) {
    return (opcode & OPCODE_FLAG_CONTROL) != 0;
  }

  /** True for the six opcodes RFC 6455 defines; the others are reserved. */
  public static boolean isDefined(int opcode) {
    return opcode == OPCODE_CONTINUATION
        || opcode == OPCODE_TEXT
        || opcode == OPCODE_BINARY
        || opcode == OPCODE_CLOSE
        || opcode == OPCODE_PING
        || opcode == OPCODE_PONG;
  }

  /** A short name for messages: {@code "text"}, {@code "ping"}, {@code "reserved(0x3)"}... */
  public static String opcodeName(int opcode) {
    return switch (opcode) {
      case OPCODE_CONTINUATION -> "continuation";
      case OPCODE_TEXT -> "text";
      case OPCODE_BINARY -> "binary";
      case OPCODE_CLOSE -> "close";
      case OPCODE_PING -> "ping";
      case OPCODE_PONG -> "pong";
      default -> "reserved(0x" + Integer.toHexString(opcode) + ")";
    };
  }
}
