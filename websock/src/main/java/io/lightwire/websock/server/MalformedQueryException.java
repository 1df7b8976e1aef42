package io.lightwire.websock.server;

/**
 * A request's query or a percent-encoded part of its target cannot be decoded: a {@code %} not
 * followed by two hex digits, or escapes that are not UTF-8. The message names the problem and
 * where it is. The server answers it with {@code 400 Bad Request} and this message when a handler
 * or an upgrade filter lets it through, so a bad query is the client's error, never a server error.
 */
public final class MalformedQueryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** A decoding failure described by {@code message}. */
  public MalformedQueryException(String message) {
    super(message);
  }
}
