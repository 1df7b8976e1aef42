package io.lightwire.websock.internal.client;

import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.protocol.HandshakeKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client side of the opening handshake (RFC 6455 4.1) on the connection's own buffers.
 *
 * <p>The request is a per-config template ({@link ClientHandshakeTemplates}) around a fresh 24-byte
 * key, so writing it allocates nothing. The response is read into the receive buffer and checked as
 * bytes: status 101, {@code Upgrade: websocket}, {@code Connection: Upgrade}, the exact {@code
 * Sec-WebSocket-Accept}, a subprotocol we offered (if any), and no extension (none are offered).
 * Strings are only built for the error messages. Bytes that follow the response (frames the server
 * sent right away) stay in the buffer for the frame reader.
 */
final class ClientHandshake {

  private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

  private final HandshakeKeys keys = new HandshakeKeys();
  private final byte[] nonce = new byte[HandshakeKeys.NONCE_LENGTH];
  private final byte[] key = new byte[HandshakeKeys.KEY_LENGTH];
  private final byte[] expectedAccept = new byte[HandshakeKeys.ACCEPT_LENGTH];
  private int selectedProtocol = -1;

  /**
   * Writes the request with a fresh random key into {@code dst} and remembers the accept value it
   * expects.
   *
   * @return the request length in bytes
   */
  int writeRequest(byte[] dst, byte[][] template, MaskKeyGenerator random) {
    random.nextBytes(nonce, 0, nonce.length);
    HandshakeKeys.encodeKey(nonce, 0, key, 0);
    keys.accept(key, 0, key.length, expectedAccept, 0);
    int n = 0;
    System.arraycopy(template[0], 0, dst, n, template[0].length);
    n += template[0].length;
    System.arraycopy(key, 0, dst, n, key.length);
    n += key.length;
    System.arraycopy(template[1], 0, dst, n, template[1].length);
    return n + template[1].length;
  }

  /** The key last sent, as ASCII bytes (24). */
  byte[] key() {
    return key;
  }

  /** Index in the offered list of the subprotocol the server chose, or -1 for none. */
  int selectedProtocol() {
    return selectedProtocol;
  }

  /**
   * Reads and verifies the response into {@code rx} until the blank line, within {@code
   * deadlineNanos} ({@link System#nanoTime()} based).
   *
   * @return the number of bytes in {@code rx} (response plus any frame bytes after it) in the high
   *     32 bits and the response length in the low 32 bits
   * @throws HandshakeException for a timeout, an oversized or malformed response, or a failed check
   */
  long readResponse(Transport transport, byte[] rx, long deadlineNanos, List<String> offered)
      throws IOException {
    int filled = 0;
    int end = -1;
    while (end < 0) {
      if (filled == rx.length) {
        throw new HandshakeException(
            0, "", "handshake response headers must fit the " + rx.length + "-byte receive buffer");
      }
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new HandshakeException(0, "", "no complete handshake response within the timeout");
      }
      int n = transport.read(rx, filled, rx.length - filled, left);
      if (n == Transport.TIMEOUT) {
        throw new HandshakeException(0, "", "no complete handshake response within the timeout");
      }
      if (n == Transport.EOF) {
        throw new HandshakeException(
            0, "", "the server closed the connection after " + filled + " response bytes");
      }
      int from = Math.max(0, filled - 3);
      filled += n;
      end = indexOf(rx, from, filled, CRLFCRLF);
    }
    int headerEnd = end + CRLFCRLF.length;
    verify(rx, headerEnd, offered);
    return ((long) filled << 32) | headerEnd;
  }

  private void verify(byte[] rx, int headerEnd, List<String> offered) throws HandshakeException {
    int lineEnd = indexOf(rx, 0, headerEnd, CRLFCRLF, 2);
    // Status line: HTTP/1.1 SP 3DIGIT SP reason
    if (lineEnd < 12 || !startsWithIgnoreCase(rx, 0, lineEnd, "HTTP/1.1 ")) {
      throw new HandshakeException(
          0,
          "",
          "the response must start with 'HTTP/1.1 <status>', was '" + ascii(rx, 0, lineEnd) + "'");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      int d = rx[i] - '0';
      if (d < 0 || d > 9) {
        throw new HandshakeException(
            0, "", "the status must be 3 digits, line was '" + ascii(rx, 0, lineEnd) + "'");
      }
      status = status * 10 + d;
    }
    if (status != 101) {
      String reason = lineEnd > 13 ? ascii(rx, 13, lineEnd) : "";
      throw new HandshakeException(
          status,
          reason,
          "the server must answer 101 Switching Protocols, answered " + status + " " + reason);
    }
    boolean upgrade = false;
    boolean connection = false;
    boolean accept = false;
    selectedProtocol = -1;
    int line = lineEnd + 2;
    while (line < headerEnd - 2) {
      int eol = indexOf(rx, line, headerEnd, CRLFCRLF, 2);
      int colon = indexOf(rx, line, eol, (byte) ':');
      if (colon < 0) {
        throw new HandshakeException(
            status, "", "a header line must contain ':', was '" + ascii(rx, line, eol) + "'");
      }
      int vStart = colon + 1;
      int vEnd = eol;
      while (vStart < vEnd && (rx[vStart] == ' ' || rx[vStart] == '\t')) {
        vStart++;
      }
      while (vEnd > vStart && (rx[vEnd - 1] == ' ' || rx[vEnd - 1] == '\t')) {
        vEnd--;
      }
      if (nameIs(rx, line, colon, "Upgrade")) {
        upgrade |= containsToken(rx, vStart, vEnd, "websocket");
      } else if (nameIs(rx, line, colon, "Connection")) {
        connection |= containsToken(rx, vStart, vEnd, "upgrade");
      } else if (nameIs(rx, line, colon, "Sec-WebSocket-Accept")) {
        if (!equalsBytes(rx, vStart, vEnd, expectedAccept)) {
          throw new HandshakeException(
              status,
              "",
              "Sec-WebSocket-Accept must be '"
                  + ascii(expectedAccept, 0, expectedAccept.length)
                  + "', was '"
                  + ascii(rx, vStart, vEnd)
                  + "'");
        }
        accept = true;
      } else if (nameIs(rx, line, colon, "Sec-WebSocket-Protocol")) {
        selectedProtocol = indexOfProtocol(rx, vStart, vEnd, offered);
        if (selectedProtocol < 0) {
          throw new HandshakeException(
              status,
              "",
              "Sec-WebSocket-Protocol must be one of "
                  + offered
                  + ", was '"
                  + ascii(rx, vStart, vEnd)
                  + "'");
        }
      } else if (nameIs(rx, line, colon, "Sec-WebSocket-Extensions") && vEnd > vStart) {
        throw new HandshakeException(
            status,
            "",
            "no extension was offered, the server selected '" + ascii(rx, vStart, vEnd) + "'");
      }
      line = eol + 2;
    }
    if (!upgrade) {
      throw new HandshakeException(status, "", "the response must have 'Upgrade: websocket'");
    }
    if (!connection) {
      throw new HandshakeException(status, "", "the response must have 'Connection: Upgrade'");
    }
    if (!accept) {
      throw new HandshakeException(status, "", "the response must have Sec-WebSocket-Accept");
    }
  }

  private static int indexOfProtocol(byte[] b, int from, int to, List<String> offered) {
    for (int i = 0; i < offered.size(); i++) {
      String p = offered.get(i);
      // Subprotocol names are case-sensitive tokens: compare exactly.
      if (p.length() == to - from) {
        boolean same = true;
        for (int j = 0; j < p.length(); j++) {
          same &= b[from + j] == p.charAt(j);
        }
        if (same) {
          return i;
        }
      }
    }
    return -1;
  }

  static boolean containsToken(byte[] b, int from, int to, String token) {
    int i = from;
    while (i < to) {
      int comma = indexOf(b, i, to, (byte) ',');
      int end = comma < 0 ? to : comma;
      int s = i;
      int e = end;
      while (s < e && (b[s] == ' ' || b[s] == '\t')) {
        s++;
      }
      while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
        e--;
      }
      if (e - s == token.length() && startsWithIgnoreCase(b, s, e, token)) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }

  private static boolean nameIs(byte[] b, int from, int to, String name) {
    return to - from == name.length() && startsWithIgnoreCase(b, from, to, name);
  }

  private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String s) {
    if (to - from < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      int c = b[from + i];
      if (Character.toLowerCase(c) != Character.toLowerCase(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsBytes(byte[] b, int from, int to, byte[] expected) {
    if (to - from != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[from + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int from, int to, byte[] pattern) {
    return indexOf(b, from, to, pattern, pattern.length);
  }

  private static int indexOf(byte[] b, int from, int to, byte[] pattern, int patternLength) {
    outer:
    for (int i = from; i + patternLength <= to; i++) {
      for (int j = 0; j < patternLength; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String ascii(byte[] b, int from, int to) {
    return new String(b, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
  }
}
