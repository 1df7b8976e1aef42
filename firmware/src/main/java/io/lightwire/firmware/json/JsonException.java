package io.lightwire.firmware.json;

/** Thrown for text that is not strict JSON; the message names the rule broken and where. */
public final class JsonException extends Exception {

  private static final long serialVersionUID = 1L;

  JsonException(String message, int at) {
    super(message + " at character " + at);
  }
}
