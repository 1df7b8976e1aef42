package io.lightwire.firmware.config;

/** A configuration that cannot boot; the message names the key and the value. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A config error with a message that names the key and the bad value. */
  public ConfigException(String message) {
    super(message);
  }
}
