package io.lightwire.firmware.flash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a firmware's {@code /status} over plain HTTP/1.1 whether it is up, and which version it
 * runs. A socket and a few lines rather than an HTTP client library: the firmware module stays free
 * of {@code java.net.http}, which would otherwise enter every board's runtime image.
 */
public final class HealthProbe {

  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

  /** The application's state: {@code "app":{"name":...,"version":...,"state":"running"...}}. */
  private static final Pattern APP_STATE =
      Pattern.compile("\"app\"\\s*:\\s*\\{[^}]*?\"state\"\\s*:\\s*\"([^\"]*)\"");

  /**
   * What one answer said.
   *
   * @param version the firmware's version
   * @param appState the application's state ({@code running}, {@code failed}...), or {@code none}
   *     when the status has none
   */
  public record Health(String version, String appState) {}

  private static final int MAX_RESPONSE_BYTES = 256 * 1024;
  private static final int HTTP_OK = 200;

  private final URI url;
  private final Duration requestTimeout;

  /**
   * @param url the status URL, {@code http://host:port/status}
   * @param requestTimeout connect and read limit of one attempt
   */
  public HealthProbe(URI url, Duration requestTimeout) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("health URL must be http://host:port/path: " + url);
    }
    this.url = url;
    this.requestTimeout = requestTimeout;
  }

  /** The URL probed. */
  public URI url() {
    return url;
  }

  /**
   * One attempt.
   *
   * @return the version the firmware reports
   * @throws IOException when it does not answer 200 with a version (the message says why)
   */
  public String probe() throws IOException {
    return health().version();
  }

  /**
   * One attempt, with the application's state.
   *
   * @throws IOException when it does not answer 200 with a version (the message says why)
   */
  public Health health() throws IOException {
    int port = url.getPort() < 0 ? 80 : url.getPort();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    int timeout = (int) requestTimeout.toMillis();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), port), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      String hostHeader = url.getHost().contains(":") ? "[" + url.getHost() + "]" : url.getHost();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + hostHeader
                  + ":"
                  + port
                  + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
      int lineEnd = response.indexOf("\r\n");
      String statusLine = lineEnd < 0 ? response : response.substring(0, lineEnd);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response: '" + statusLine + "'");
      }
      if (Integer.parseInt(parts[1]) != HTTP_OK) {
        throw new IOException("status " + statusLine.substring(parts[0].length() + 1));
      }
      Matcher version = VERSION.matcher(response);
      if (!version.find()) {
        throw new IOException("200 without a version in the body");
      }
      Matcher app = APP_STATE.matcher(response);
      return new Health(version.group(1), app.find() ? app.group(1) : "none");
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + e.getMessage(), e);
    }
  }
}
