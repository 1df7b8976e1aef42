package io.lightwire.firmware.services;

import io.lightwire.testsupport.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket upgrade request written byte for byte (a request target a {@code java.net.URI} would
 * refuse, any {@code Origin}), returning the response head; the connection is closed afterwards.
 */
final class RawUpgrade {

  private RawUpgrade() {}

  /** The response status code of an upgrade of {@code target} with {@code extraHeaders}. */
  static int status(int port, String target, String... extraHeaders) throws IOException {
    String head = head(port, target, extraHeaders);
    return Integer.parseInt(head.substring(9, 12));
  }

  /** The response of an upgrade of {@code target}: the head, and the body of a refusal. */
  static String head(int port, String target, String... extraHeaders) throws IOException {
    StringBuilder request =
        new StringBuilder("GET ")
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(port)
            .append(
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n");
    for (String header : extraHeaders) {
      request.append(header).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = Loopback.connect(port)) {
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      byte[] chunk = new byte[1024];
      while (true) {
        String text = seen.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0 && (text.startsWith("HTTP/1.1 101") || bodyComplete(text, end))) {
          return text;
        }
        int n = in.read(chunk);
        if (n < 0) {
          return text;
        }
        seen.write(chunk, 0, n);
      }
    }
  }

  private static boolean bodyComplete(String text, int headEnd) {
    String lower = text.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:");
    if (at < 0) {
      return true;
    }
    int eol = lower.indexOf("\r\n", at);
    int length = Integer.parseInt(lower.substring(at + 15, eol < 0 ? headEnd : eol).strip());
    return text.length() >= headEnd + 4 + length;
  }
}
