package io.lightwire.firmware.services;

import io.lightwire.testsupport.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code /camera.mjpg} over a plain socket the way a strict client would: the response head,
 * then each part's boundary line, headers and exactly {@code Content-Length} bytes of JPEG, then
 * the CRLF before the next boundary. Throws on anything else.
 */
final class MjpegReader implements AutoCloseable {

  /** One part: its headers (as sent) and its JPEG. */
  record Part(String headers, byte[] jpeg) {}

  private final Socket socket;
  private final InputStream in;

  /** Connects to {@code port} and sends {@code GET target}. */
  MjpegReader(int port, String target, String extraHeaders) throws IOException {
    this(port, target, extraHeaders, null);
  }

  /** As the other constructor, from the local address {@code source} (null: any). */
  MjpegReader(int port, String target, String extraHeaders, java.net.InetAddress source)
      throws IOException {
    socket = Loopback.connect(port, source);
    in = socket.getInputStream();
    socket
        .getOutputStream()
        .write(
            ("GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The response head, up to and including the blank line. */
  String head() throws IOException {
    return readUntilBlankLine();
  }

  /** The status code of a head. */
  static int status(String head) {
    return Integer.parseInt(head.substring(9, 12));
  }

  /** A header's value in a head or part headers, or null. */
  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** The next part; its boundary must be {@code --boundary}. */
  Part next(String boundary) throws IOException {
    String headers = readUntilBlankLine();
    if (!headers.startsWith("--" + boundary + "\r\n")) {
      throw new IOException("part does not start with the boundary: " + headers);
    }
    String length = header(headers, "Content-Length");
    if (length == null) {
      throw new IOException("part without Content-Length: " + headers);
    }
    byte[] jpeg = in.readNBytes(Integer.parseInt(length));
    if (jpeg.length != Integer.parseInt(length)) {
      throw new IOException("part cut short");
    }
    if (in.read() != '\r' || in.read() != '\n') {
      throw new IOException("no CRLF after the part's body");
    }
    return new Part(headers, jpeg);
  }

  /** The body bytes after the head (a 4xx's text), up to the end. */
  String rest() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private String readUntilBlankLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside a head: " + out);
      }
      out.write(b);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
