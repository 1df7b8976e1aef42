package io.lightwire.websock.internal.server;

import io.lightwire.websock.internal.http.Ascii;
import io.lightwire.websock.internal.http.HttpExchange;
import io.lightwire.websock.protocol.HandshakeKeys;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.Protocol;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * The server half of the opening handshake (RFC 6455 4.2): validates an upgrade request, picks the
 * protocol, and writes the {@code 101} response. Runs once per connection on the service thread.
 */
final class UpgradeHandshake {

  private final List<Protocol> protocols;
  private final HandshakeKeys keys = new HandshakeKeys();
  private String failure = "";

  UpgradeHandshake(List<Protocol> protocols) {
    this.protocols = protocols;
  }

  /** True when the request asks for a WebSocket ({@code Upgrade: websocket}). */
  static boolean isUpgrade(HttpExchange request) {
    return request.headerHasToken("Upgrade", "websocket");
  }

  /** Why the last {@link #choose} refused, for the response body. */
  String failure() {
    return failure;
  }

  /** {@link #choose}: no protocol of the table serves the request's path. */
  static final int UNMATCHED = Integer.MIN_VALUE;

  /**
   * Checks the request and picks its protocol.
   *
   * @return the protocol's index, {@link #UNMATCHED} when no protocol serves the path, or a
   *     negative HTTP status as {@link #check} returns it, or -404 when the client offered only
   *     subprotocols the table does not have
   */
  int choose(HttpExchange request) {
    int check = check(request);
    if (check != 0) {
      return -check;
    }
    String offered = request.header("Sec-WebSocket-Protocol");
    if (offered != null) {
      for (String name : offered.split(",")) {
        int index = indexOf(name.trim());
        if (index >= 0) {
          return index;
        }
      }
      return -refuse(404, "no protocol here is among those offered: " + offered);
    }
    String path = request.path();
    int fallback = -1;
    for (int i = 0; i < protocols.size(); i++) {
      String own = protocols.get(i).path();
      if (path.equals(own)) {
        return i;
      }
      if (own == null && fallback < 0) {
        fallback = i;
      }
    }
    if (fallback >= 0) {
      return fallback;
    }
    failure = "no WebSocket protocol serves " + path;
    return UNMATCHED;
  }

  /**
   * Checks an upgrade request by RFC 6455 4.2.1: an HTTP/1.1 GET with {@code Connection: Upgrade},
   * version 13 and exactly one valid {@code Sec-WebSocket-Key}.
   *
   * @return 0, or the HTTP status to refuse with: 400 (malformed), 426 (wrong version: answer with
   *     {@code Sec-WebSocket-Version: 13})
   */
  int check(HttpExchange request) {
    if (!request.methodIs("GET")) {
      return refuse(400, "a WebSocket upgrade must be a GET");
    }
    if (!request.isHttp11()) {
      return refuse(400, "a WebSocket upgrade needs HTTP/1.1 (RFC 6455 4.1)");
    }
    if (!request.headerHasToken("Connection", "upgrade")) {
      return refuse(400, "Connection must include the token Upgrade");
    }
    String version = request.header("Sec-WebSocket-Version");
    if (!Integer.toString(WebSocketProtocol.VERSION).equals(version)) {
      return refuse(426, "Sec-WebSocket-Version must be 13, was " + version);
    }
    if (request.headerCount("Sec-WebSocket-Key") > 1) {
      return refuse(400, "Sec-WebSocket-Key must be sent once, was sent more than once");
    }
    String key = request.header("Sec-WebSocket-Key");
    if (!validKey(key)) {
      return refuse(400, "Sec-WebSocket-Key must be 16 bytes in base64, was " + key);
    }
    return 0;
  }

  private int refuse(int status, String why) {
    failure = why;
    return status;
  }

  private int indexOf(String name) {
    for (int i = 0; i < protocols.size(); i++) {
      if (protocols.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean validKey(String key) {
    if (key == null || key.length() != HandshakeKeys.KEY_LENGTH) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == HandshakeKeys.NONCE_LENGTH;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Writes the {@code 101} response for {@code request} into {@code tx}, naming the protocol when
   * the client offered it as a subprotocol (never one it did not offer: RFC 6455 4.2.2). Returns
   * the bytes written.
   */
  int write101(HttpExchange request, Protocol protocol, ByteBuffer tx) {
    int start = tx.position();
    Ascii.put(
        tx, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
    Ascii.put(tx, "Sec-WebSocket-Accept: ");
    Ascii.put(tx, keys.accept(request.header("Sec-WebSocket-Key")));
    Ascii.put(tx, "\r\n");
    if (request.headerHasToken("Sec-WebSocket-Protocol", protocol.name())) {
      Ascii.put(tx, "Sec-WebSocket-Protocol: ");
      Ascii.put(tx, protocol.name());
      Ascii.put(tx, "\r\n");
    }
    Ascii.put(tx, "\r\n");
    return tx.position() - start;
  }
}
