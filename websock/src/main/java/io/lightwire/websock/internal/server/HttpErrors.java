package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.internal.http.HttpStatus;
import io.lightwire.websock.protocol.WebSocketProtocol;

/** The server's own error answers: status, a plain-text reason, and the headers a status needs. */
final class HttpErrors {

  private HttpErrors() {}

  /**
   * Fills {@code exchange} with {@code status}, a body naming it and {@code why} (when not null),
   * and {@code Upgrade} (505), {@code Sec-WebSocket-Version} (426) or {@code Retry-After} (503).
   */
  static void fill(HttpExchange exchange, int status, String why) {
    String reason = HttpStatus.reason(status);
    exchange
        .status(status)
        .body("text/plain", status + " " + reason + (why == null ? "" : ": " + why) + "\n");
    if (status == 505) {
      exchange.header("Upgrade", "HTTP/1.1");
    } else if (status == 426) {
      exchange.header("Sec-WebSocket-Version", Integer.toString(WebSocketProtocol.VERSION));
    } else if (status == 503) {
      exchange.header("Retry-After", "1");
    }
  }
}
