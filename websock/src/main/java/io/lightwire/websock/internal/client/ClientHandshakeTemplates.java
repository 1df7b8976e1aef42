package io.lightwire.websock.internal.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the handshake request template once per config, so each connection only adds a key. */
public final class ClientHandshakeTemplates {

  private ClientHandshakeTemplates() {}

  /**
   * The request around the key: {@code [0]} is everything up to {@code Sec-WebSocket-Key: }, {@code
   * [1]} everything after the key through the blank line. Host names, paths and headers are taken
   * as given; {@link io.lightwire.websock.client.ClientConfig} validates them first.
   */
  public static byte[][] template(
      String path, String hostHeader, String origin, List<String> protocols, List<String> headers) {
    StringBuilder a = new StringBuilder(256);
    a.append("GET ").append(path).append(" HTTP/1.1\r\n");
    a.append("Host: ").append(hostHeader).append("\r\n");
    a.append("Upgrade: websocket\r\n");
    a.append("Connection: Upgrade\r\n");
    a.append("Sec-WebSocket-Key: ");
    StringBuilder b = new StringBuilder(256);
    b.append("\r\nSec-WebSocket-Version: 13\r\n");
    if (origin != null) {
      b.append("Origin: ").append(origin).append("\r\n");
    }
    if (!protocols.isEmpty()) {
      b.append("Sec-WebSocket-Protocol: ").append(String.join(", ", protocols)).append("\r\n");
    }
    for (String header : headers) {
      int colon = header.indexOf(':');
      b.append(header, 0, colon).append(": ").append(header.substring(colon + 1).strip());
      b.append("\r\n");
    }
    b.append("\r\n");
    return new byte[][] {
      a.toString().getBytes(StandardCharsets.ISO_8859_1),
      b.toString().getBytes(StandardCharsets.ISO_8859_1)
    };
  }
}
