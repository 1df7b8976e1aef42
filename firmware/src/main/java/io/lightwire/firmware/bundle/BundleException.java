package io.lightwire.firmware.bundle;

/** A bundle cannot be made or read: the message says what and what to do. */
public final class BundleException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With the cause, which may be null. */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
