package io.lightwire.websock.server;

/**
 * Decides whether a WebSocket upgrade may go ahead, before anything is allocated for it (the Gecko
 * OS accept callback, with Origin checks). Runs on the service thread.
 */
@FunctionalInterface
public interface UpgradeFilter {

  /**
   * Returns 0 to accept, or an HTTP status (400 to 599) to refuse the upgrade with.
   *
   * @param request the upgrade request (headers such as {@code Origin} and {@code Cookie})
   * @param protocol the protocol it would be served by
   */
  int check(HttpRequest request, Protocol protocol);

  /** Accepts every upgrade. */
  static UpgradeFilter acceptAll() {
    return (request, protocol) -> 0;
  }

  /**
   * Accepts requests from this server's own pages, from {@code origins}, or without {@code Origin}
   * (non-browser clients), refusing other pages with 403: {@link SameOrigin} on a server without
   * TLS.
   */
  static UpgradeFilter allowOrigins(String... origins) {
    return new SameOrigin(false, java.util.List.of(origins));
  }
}
