package io.lightwire.websock.client;

import io.lightwire.websock.protocol.WebSocketProtocol;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The validation rules of {@link ClientConfig}: every error names the setting and the value. */
final class ConfigRules {

  private static final Set<String> IMPLICIT_HEADERS =
      Set.of(
          "host",
          "upgrade",
          "connection",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-protocol",
          "sec-websocket-extensions",
          "origin");

  static void checkHeader(String header) {
    int colon = header.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "an extra handshake header must be 'key:value', was '" + header + "'");
    }
    String name = header.substring(0, colon).strip();
    if (!isToken(name) || hasControl(header)) {
      throw new IllegalArgumentException(
          "an extra header needs a token name and no control characters, was '" + header + "'");
    }
    if (IMPLICIT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "extra header '"
              + name
              + "' must not replace a header the client sets itself (Host, Upgrade, Connection,"
              + " Sec-WebSocket-Key/-Version/-Protocol/-Extensions, Origin)");
    }
  }

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7F) {
        return true;
      }
    }
    return false;
  }

  static boolean hasSpaceOrControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) <= ' ' || s.charAt(i) == 0x7F) {
        return true;
      }
    }
    return false;
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The host without IPv6 brackets; "" for null (no host). */
  static String host(String host) {
    if (host != null && host.isEmpty()) {
      throw new IllegalArgumentException("host must be a name or an IPv4/IPv6 literal, was ''");
    }
    String h = host == null ? "" : host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == '/' || c == '[' || c == ']' || c == '@') {
        throw new IllegalArgumentException("host must be a name or IP literal, was '" + host + "'");
      }
    }
    return h;
  }

  /** The name part of a {@code Host} header value ({@code name[:port]} or {@code [v6][:port]}). */
  static String nameOf(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      return hostHeader.substring(1, Math.max(1, hostHeader.indexOf(']')));
    }
    int colon = hostHeader.lastIndexOf(':');
    return colon > 0 ? hostHeader.substring(0, colon) : hostHeader;
  }

  static void checkHostHeader(String hostHeader) {
    if (hostHeader != null && (hostHeader.isEmpty() || hasSpaceOrControl(hostHeader))) {
      throw new IllegalArgumentException(
          "hostHeader must be host[:port] without spaces, was '" + hostHeader + "'");
    }
  }

  static void checkPath(String path) {
    if (path.isEmpty() || path.charAt(0) != '/' || hasSpaceOrControl(path)) {
      throw new IllegalArgumentException(
          "path must start with '/' and contain no spaces or control characters, was '"
              + path
              + "'");
    }
  }

  static void checkTimeouts(long connect, long handshake, long send) {
    if (connect <= 0 || handshake <= 0) {
      throw new IllegalArgumentException(
          "timeouts must be > 0 ms, were connect " + connect + " and handshake " + handshake);
    }
    if (send < -1) {
      throw new IllegalArgumentException(
          "sendTimeoutMillis must be -1 (no limit), 0 (try once) or > 0 ms, was " + send);
    }
  }

  static void checkSubprotocols(List<String> subprotocols) {
    for (String protocol : subprotocols) {
      if (!isToken(protocol)) {
        throw new IllegalArgumentException(
            "a subprotocol must be an HTTP token, was '" + protocol + "'");
      }
    }
    if (Set.copyOf(subprotocols).size() != subprotocols.size()) {
      throw new IllegalArgumentException("subprotocols must be distinct, were " + subprotocols);
    }
  }

  static void checkSizes(
      int receiveBufferBytes, int sendBufferBytes, long maxFramePayload, long maxMessagePayload) {
    if (receiveBufferBytes < ClientConfig.MIN_BUFFER_BYTES
        || sendBufferBytes < ClientConfig.MIN_BUFFER_BYTES) {
      throw new IllegalArgumentException(
          "receive and send buffers must be at least "
              + ClientConfig.MIN_BUFFER_BYTES
              + " bytes, were "
              + receiveBufferBytes
              + " and "
              + sendBufferBytes);
    }
    if (maxFramePayload < WebSocketProtocol.MAX_CONTROL_PAYLOAD
        || maxMessagePayload < maxFramePayload) {
      throw new IllegalArgumentException(
          "limits must satisfy 125 <= maxFramePayload <= maxMessagePayload, were "
              + maxFramePayload
              + " and "
              + maxMessagePayload);
    }
  }

  private ConfigRules() {}
}
