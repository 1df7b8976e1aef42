package io.lightwire.examples.device;

import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.UpgradeFilter;

/**
 * Refuses WebSocket upgrades from pages of other sites (403), so that a page elsewhere cannot drive
 * the board through a visitor's browser (cross-site WebSocket hijacking). A request without {@code
 * Origin} (a non-browser client) goes ahead; the example's own page sends {@code Origin:
 * http://HOST}, where HOST is the {@code Host} it was served from.
 */
public final class SameOrigin implements UpgradeFilter {

  /** The status an upgrade from another origin gets. */
  public static final int FORBIDDEN = 403;

  /** The status an upgrade with {@code Origin} but without {@code Host} gets. */
  public static final int BAD_REQUEST = 400;

  /** A filter for a plain {@code http://} server. */
  public SameOrigin() {}

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
    return origin.strip().equalsIgnoreCase("http://" + host.strip()) ? 0 : FORBIDDEN;
  }
}
