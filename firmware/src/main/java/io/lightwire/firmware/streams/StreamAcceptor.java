package io.lightwire.firmware.streams;

import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.SameOrigin;

/**
 * Decides whether a page may connect to the streams, just before its WebSocket upgrade (seed 000's
 * accept callback), and whether a REST request may touch them. Runs on the service thread and must
 * not block; a refused page or request gets {@code 403}, and a refused page never reaches the
 * connect handler.
 */
@FunctionalInterface
public interface StreamAcceptor {

  /** True to let the page connect; {@code request} carries its headers (Origin, Cookie). */
  boolean accept(HttpRequest request);

  /**
   * The default: requests without an {@code Origin} (programs, curl) and pages the device served
   * itself are accepted; a page of another site, which a browser would otherwise let open a
   * WebSocket to the device or post to it, is refused ({@link SameOrigin#plain()}; the firmware's
   * streams use its {@code server.allowed-origins} too).
   */
  static StreamAcceptor sameOrigin() {
    return SameOrigin.plain()::allows;
  }

  /** Accepts everything (pages of any origin): for devices behind their own access control. */
  static StreamAcceptor acceptAll() {
    return request -> true;
  }
}
