package io.lightwire.websock.server;

/**
 * Adds the headers that keep a served page safe to every response: its scripts and styles come from
 * this server only (no inline code, so injected markup cannot run), it connects back to this server
 * only, it cannot be framed by another site, and types are never sniffed.
 */
public final class SecurityHeaders {

  /** Scripts, styles and connections from this origin only (CSP 3: 'self' covers ws and wss). */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** {@code handler} with the headers added before it answers. */
  public static HttpHandler around(HttpHandler handler) {
    return (request, response) -> {
      response
          .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .header("X-Content-Type-Options", "nosniff")
          .header("X-Frame-Options", "DENY")
          .header("Referrer-Policy", "no-referrer");
      handler.onRequest(request, response);
    };
  }
}
