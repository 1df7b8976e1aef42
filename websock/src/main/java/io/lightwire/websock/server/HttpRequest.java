package io.lightwire.websock.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One parsed HTTP/1.1 request, valid only during the {@link HttpHandler#onRequest} call that
 * receives it: the server reuses the object and its bytes for the connection's next request.
 */
public interface HttpRequest {

  /** The method token as sent, e.g. {@code GET}. */
  String method();

  /** The request target's path, still percent-encoded, e.g. {@code /status}. */
  String path();

  /** The query without the {@code ?}, or an empty string when there is none. */
  String query();

  /** The value of the first header with this name (case-insensitive), or {@code null}. */
  String header(String name);

  /** True when the header is present and one of its comma-separated tokens equals {@code token}. */
  boolean headerHasToken(String name, String token);

  /** The request body, read-only; empty when the request has none. */
  ByteBuffer body();

  /** The peer's address. */
  InetSocketAddress remoteAddress();
}
