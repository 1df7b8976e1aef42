package io.lightwire.websock.server;

/**
 * Answers plain HTTP requests. It runs on the service thread, so it must not block: work that takes
 * time goes to another thread through {@link HttpResponse#defer}. A runtime exception it throws
 * becomes a {@code 500} response and is logged.
 */
@FunctionalInterface
public interface HttpHandler {

  /** Fills {@code response} for {@code request}; both are valid only during this call. */
  void onRequest(HttpRequest request, HttpResponse response);

  /** A handler that answers {@code 404} to everything. */
  static HttpHandler notFound() {
    return (request, response) -> response.status(404).body("text/plain", "not found\n");
  }
}
