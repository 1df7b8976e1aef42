package io.lightwire.websock.protocol;

/**
 * Close status codes (RFC 6455 7.4) and the rules for a close frame's payload.
 *
 * <p>A close payload is either empty or at least 2 bytes: a big-endian code that may appear on the
 * wire followed by a UTF-8 reason. Codes 1005, 1006 and 1015 are reserved for reporting locally and
 * never sent.
 */
public final class CloseCodes {

  /** 1000: normal closure. */
  public static final int NORMAL = 1000;

  /** 1001: the endpoint is going away (server shutdown, page navigation). */
  public static final int GOING_AWAY = 1001;

  /** 1002: protocol error. */
  public static final int PROTOCOL_ERROR = 1002;

  /** 1003: a data type the endpoint cannot accept (text-only or binary-only sockets). */
  public static final int UNSUPPORTED_DATA = 1003;

  /** 1005: no status code was present (local report only, never on the wire). */
  public static final int NO_STATUS = 1005;

  /** 1006: closed without a close frame (local report only, never on the wire). */
  public static final int ABNORMAL = 1006;

  /** 1007: payload inconsistent with the message type (invalid UTF-8 in a text message). */
  public static final int INVALID_PAYLOAD = 1007;

  /** 1008: policy violation. */
  public static final int POLICY_VIOLATION = 1008;

  /** 1009: a frame or message too big to process. */
  public static final int TOO_BIG = 1009;

  /** 1010: the client expected an extension the server did not negotiate. */
  public static final int MANDATORY_EXTENSION = 1010;

  /** 1011: the server met an unexpected condition. */
  public static final int INTERNAL_ERROR = 1011;

  /** 1012: service restart (IANA registry). */
  public static final int SERVICE_RESTART = 1012;

  /** 1013: try again later (IANA registry). */
  public static final int TRY_AGAIN_LATER = 1013;

  /** 1014: bad gateway (IANA registry). */
  public static final int BAD_GATEWAY = 1014;

  /** 1015: TLS handshake failure (local report only, never on the wire). */
  public static final int TLS_HANDSHAKE = 1015;

  /** Result of {@link #checkClosePayload}: the payload is valid. */
  public static final int VALID = 0;

  private CloseCodes() {}

  /**
   * True when {@code code} may be sent or received in a close frame: 1000-1003, 1007-1014 and the
   * registered/private range 3000-4999.
   */
  public static boolean isValidOnWire(int code) {
    return (code >= NORMAL && code <= UNSUPPORTED_DATA)
        || (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY)
        || (code >= 3000 && code <= 4999);
  }

  /**
   * Checks a complete close payload: empty, or a valid code plus a UTF-8 reason.
   *
   * @return {@link #VALID}, or the close code to fail the connection with: {@link #PROTOCOL_ERROR}
   *     for a 1-byte payload, a payload over 125 bytes or a code not allowed on the wire, {@link
   *     #INVALID_PAYLOAD} for a reason that is not UTF-8
   */
  public static int checkClosePayload(byte[] payload, int offset, int length) {
    if (length == 0) {
      return VALID;
    }
    if (length == 1 || length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      return PROTOCOL_ERROR;
    }
    if (!isValidOnWire(code(payload, offset, length))) {
      return PROTOCOL_ERROR;
    }
    return Utf8Validator.isValid(payload, offset + 2, length - 2) ? VALID : INVALID_PAYLOAD;
  }

  /** The code of a close payload, or {@link #NO_STATUS} when it is shorter than 2 bytes. */
  public static int code(byte[] payload, int offset, int length) {
    if (length < 2) {
      return NO_STATUS;
    }
    return ((payload[offset] & 0xFF) << 8) | (payload[offset + 1] & 0xFF);
  }
}
