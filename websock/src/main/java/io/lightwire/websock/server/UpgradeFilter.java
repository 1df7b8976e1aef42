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
   * Accepts requests whose {@code Origin} is one of {@code origins} (or that carry no {@code
   * Origin}, as non-browser clients do), refusing the others with 403.
   */
  static UpgradeFilter allowOrigins(String... origins) {
    java.util.Set<String> allowed = java.util.Set.of(origins);
    return (request, protocol) -> {
      String origin = request.header("Origin");
      return origin == null || allowed.contains(origin) ? 0 : 403;
    };
  }
}
