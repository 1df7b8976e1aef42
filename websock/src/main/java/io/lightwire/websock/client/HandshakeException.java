package io.lightwire.websock.client;

import java.io.IOException;

/**
 * The opening handshake failed: the server did not answer {@code 101}, or a header it sent broke
 * RFC 6455 4.1 (Upgrade, Connection, Sec-WebSocket-Accept, subprotocol, extensions), or no answer
 * came within the handshake timeout. The message names the rule and the value received.
 */
public final class HandshakeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status received, or 0 when none was (timeout, malformed response)
   * @param reason the HTTP reason phrase received, or {@code ""}
   * @param message the rule that failed and the value received
   */
  public HandshakeException(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  /** The HTTP status code the server answered, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The HTTP reason phrase the server answered, or {@code ""}. */
  public String reason() {
    return reason;
  }
}
