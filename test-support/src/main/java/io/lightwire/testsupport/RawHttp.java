package io.lightwire.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A blocking test client that writes raw bytes and reads HTTP/1.1 responses one at a time. */
public final class RawHttp implements AutoCloseable {

  /** One parsed response. */
  public record Response(int status, String head, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  public final Socket socket;
  private final InputStream in;

  public RawHttp(int port) throws IOException {
    this(port, null);
  }

  /** A client whose socket is bound to {@code source} (another 127.x address: another peer). */
  public RawHttp(int port, java.net.InetAddress source) throws IOException {
    socket = Loopback.connect(port, source);
    in = socket.getInputStream();
  }

  public RawHttp send(String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one response; {@code headRequest} means no body follows whatever the length says. */
  public Response read(boolean headRequest) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(headText.substring(9, 12));
    Response probe = new Response(status, headText, new byte[0]);
    String length = probe.header("Content-Length");
    int n = headRequest || length == null ? 0 : Integer.parseInt(length);
    byte[] body = in.readNBytes(n);
    if (body.length != n) {
      throw new IOException("body cut short: " + body.length + " of " + n);
    }
    return new Response(status, headText, body);
  }

  public Response read() throws IOException {
    return read(false);
  }

  public Response get(String path) throws IOException {
    return send("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").read();
  }

  /** True when the server closed the connection (EOF within the socket timeout). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
