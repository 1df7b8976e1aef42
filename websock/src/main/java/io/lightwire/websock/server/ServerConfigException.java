package io.lightwire.websock.server;

/**
 * A {@link ServerConfig} value out of its allowed range: names the field, the value and the range,
 * so a caller with its own names for the fields (the firmware's config keys) can report it under
 * them.
 */
public final class ServerConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;

  ServerConfigException(String field, String value, String rule) {
    super(field + " = " + value + " " + rule);
    this.field = field;
    this.value = value;
  }

  /** The record component, e.g. {@code "txBufferBytes"}. */
  public String field() {
    return field;
  }

  /** The refused value as text. */
  public String value() {
    return value;
  }

  /** What is allowed, e.g. {@code "is out of range [65549, 16777216]"}. */
  public String rule() {
    return getMessage().substring(field.length() + value.length() + 4);
  }
}
