package io.lightwire.examples.support;

import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.UpgradeFilter;

/**
 * Accepts a WebSocket upgrade from a browser only when the page came from this server: its {@code
 * Origin} must name the same scheme, host and port as the request's {@code Host}. Without this, any
 * web site a visitor opens could connect to the board in their name (cross-site WebSocket
 * hijacking); browsers send {@code Origin} on every WebSocket request, so the check costs nothing.
 * Clients that are not browsers send no {@code Origin} and are accepted.
 */
public final class SameOrigin implements UpgradeFilter {

  /** Refusal status for a page from another origin. */
  public static final int FORBIDDEN = 403;

  /** Refusal status for a request without {@code Host}. */
  public static final int BAD_REQUEST = 400;

  private final String scheme;

  /**
   * A filter for a server with or without TLS.
   *
   * @param secure true when the server serves {@code https://} pages
   */
  public SameOrigin(boolean secure) {
    this.scheme = secure ? "https://" : "http://";
  }

  @Override
  public int check(HttpRequest request, Protocol protocol) {
    String origin = request.header("Origin");
    if (origin == null) {
      return 0;
    }
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      return BAD_REQUEST;
    }
    String expected = scheme + host.strip();
    return origin.strip().equalsIgnoreCase(expected) ? 0 : FORBIDDEN;
  }
}
