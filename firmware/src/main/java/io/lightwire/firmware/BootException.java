package io.lightwire.firmware;

/** Boot could not complete; the message says what to change. Nothing stays allocated. */
public final class BootException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A boot failure with a message for the user. */
  public BootException(String message, Throwable cause) {
    super(message, cause);
  }
}
