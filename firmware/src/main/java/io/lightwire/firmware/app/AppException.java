package io.lightwire.firmware.app;

/**
 * The application cannot be loaded: nothing at the path, no {@code Application} in it, two of them,
 * or a module it needs is missing. The message names the path and what was expected.
 */
public final class AppException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A load failure whose message says what to change. */
  public AppException(String message, Throwable cause) {
    super(message, cause);
  }
}
