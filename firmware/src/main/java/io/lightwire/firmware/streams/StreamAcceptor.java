package io.lightwire.firmware.streams;

import io.lightwire.websock.server.HttpRequest;

/**
 * Decides whether a page may connect to the streams, just before its WebSocket upgrade (seed 000's
 * accept callback). Runs on the service thread and must not block; a refused page gets {@code 403}
 * and never reaches the connect handler.
 */
@FunctionalInterface
public interface StreamAcceptor {

  /** True to let the page connect; {@code request} carries its headers (Origin, Cookie). */
  boolean accept(HttpRequest request);
}
