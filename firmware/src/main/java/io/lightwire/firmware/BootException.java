package io.lightwire.firmware;

/** Boot could not complete; the message says what to change. Nothing stays allocated. */
public final class BootException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A boot failure with a message for the user; {@code lightwire run} exits 1. */
  public BootException(String message, Throwable cause) {
    this(message, cause, 1);
  }

  /**
   * A boot failure with the exit status {@code lightwire run} returns: 2 when the setup must change
   * (an unknown board), 1 for a failure at run time (a busy port).
   */
  public BootException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit status for {@code lightwire run}. */
  public int exitCode() {
    return exitCode;
  }
}
