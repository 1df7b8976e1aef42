package io.lightwire.firmware.flash;

/** A flash failed; the message says what happened and what the board runs now. */
public final class FlashException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With the cause, which may be null. */
  public FlashException(String message, Throwable cause) {
    super(message, cause);
  }
}
