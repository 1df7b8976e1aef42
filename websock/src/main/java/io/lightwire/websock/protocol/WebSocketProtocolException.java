package io.lightwire.websock.protocol;

import java.io.IOException;

/**
 * The peer broke a rule of RFC 6455. The message names the rule and the offending value; {@link
 * #closeCode()} is the status the connection was (or must be) closed with: 1002 protocol error,
 * 1003 unsupported data type, 1007 invalid UTF-8, 1009 too big.
 */
public final class WebSocketProtocolException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int closeCode;

  /**
   * Creates the exception.
   *
   * @param closeCode the RFC 6455 close code that answers the violation
   * @param message the rule and the value that broke it
   */
  public WebSocketProtocolException(int closeCode, String message) {
    super(message + " (close " + closeCode + ")");
    this.closeCode = closeCode;
  }

  /** The close status code that answers this violation. */
  public int closeCode() {
    return closeCode;
  }
}
