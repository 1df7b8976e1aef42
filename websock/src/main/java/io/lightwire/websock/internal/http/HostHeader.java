package io.lightwire.websock.internal.http;

import java.nio.ByteBuffer;

/**
 * The syntax of a {@code Host} field value (RFC 9110 7.2: {@code uri-host [ ":" port ]}, with
 * {@code uri-host} from RFC 3986 3.2.2): an IP literal in brackets, or a reg-name of unreserved
 * characters, percent escapes and sub-delimiters; then an optional decimal port of at most 65535. A
 * comma is refused although RFC 3986 allows it in a reg-name: in a field value it means a list,
 * that is two Host values (RFC 9110 5.3), which RFC 9112 3.2 answers with 400. An empty value is
 * valid (RFC 9112 3.2: a target without an authority).
 */
final class HostHeader {

  private static final int MAX_PORT = 65_535;

  private HostHeader() {}

  /** True when {@code buf[start, end)} is a well-formed Host value. */
  static boolean isValid(ByteBuffer buf, int start, int end) {
    if (start == end) {
      return true;
    }
    int hostEnd;
    if (buf.get(start) == '[') {
      hostEnd = ipLiteralEnd(buf, start, end);
    } else {
      hostEnd = regNameEnd(buf, start, end);
    }
    if (hostEnd < 0) {
      return false;
    }
    if (hostEnd == end) {
      return true;
    }
    if (buf.get(hostEnd) != ':') {
      return false;
    }
    int port = 0;
    for (int i = hostEnd + 1; i < end; i++) {
      byte c = buf.get(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
      if (port > MAX_PORT) {
        return false;
      }
    }
    return true;
  }

  /** End of {@code [v6 address]} (just past the bracket), or -1. */
  private static int ipLiteralEnd(ByteBuffer buf, int start, int end) {
    boolean colon = false;
    for (int i = start + 1; i < end; i++) {
      byte c = buf.get(i);
      if (c == ']') {
        return colon ? i + 1 : -1;
      }
      colon |= c == ':';
      if (!(c == ':' || c == '.' || isHex(c))) {
        return -1;
      }
    }
    return -1;
  }

  /** End of the reg-name (at a colon or the end), or -1 on a character it may not hold. */
  private static int regNameEnd(ByteBuffer buf, int start, int end) {
    int i = start;
    while (i < end) {
      byte c = buf.get(i);
      if (c == ':') {
        return i;
      }
      if (c == '%') {
        if (i + 2 >= end || !isHex(buf.get(i + 1)) || !isHex(buf.get(i + 2))) {
          return -1;
        }
        i += 3;
        continue;
      }
      if (!isRegNameChar(c)) {
        return -1;
      }
      i++;
    }
    return i;
  }

  /** RFC 3986 unreserved and sub-delims, without the comma. */
  private static boolean isRegNameChar(byte c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return switch (c) {
      case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ';', '=' -> true;
      default -> false;
    };
  }

  private static boolean isHex(byte c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
