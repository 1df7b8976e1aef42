package io.lightwire.firmware.cli;

import io.lightwire.firmware.Firmware;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The workload of an AOT cache's training run ({@code lightwire run --aot-training}): the firmware
 * has booted; this asks it over loopback for what a browser and a health check ask first (the page,
 * {@code /status}, {@code /metrics}), so the classes of those paths are in the cache too, then
 * stops the firmware. The JVM writes the cache ({@code -XX:AOTCacheOutput}) as it exits.
 *
 * <p>Plain sockets and HTTP/1.1 with {@code Connection: close}: the training must not load a client
 * library that {@code run} itself never uses.
 */
final class TrainingRun {

  /** The requests made, in order. */
  static final List<String> PATHS = List.of("/", "/status", "/status.html", "/metrics");

  /** Read and connect timeout of each request, milliseconds. */
  static final int TIMEOUT_MS = 10_000;

  private TrainingRun() {}

  /**
   * Makes the requests of {@link #PATHS} to {@code firmware}, then closes it.
   *
   * @return 0 when every request was answered with status 200, 1 otherwise (the reason on {@code
   *     err}); the launchers keep no cache from a failed training run
   */
  static int exercise(Firmware firmware, PrintWriter err) {
    try {
      for (String path : PATHS) {
        int status = get(firmware.port(), path);
        if (status != 200) {
          err.println("lightwire: AOT training: GET " + path + " answered " + status);
          return 1;
        }
      }
      return 0;
    } catch (IOException e) {
      err.println("lightwire: AOT training: " + e.getMessage());
      return 1;
    } finally {
      firmware.close();
    }
  }

  /** One GET over loopback; returns the status code after reading the whole response. */
  private static int get(int port, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] response = in.readAllBytes();
      String head =
          new String(response, 0, Math.min(response.length, 16), StandardCharsets.US_ASCII);
      // "HTTP/1.1 200 OK": the three digits after the first space.
      int space = head.indexOf(' ');
      if (space < 0 || head.length() < space + 4) {
        throw new IOException("GET " + path + ": no HTTP status line in the answer");
      }
      return Integer.parseInt(head.substring(space + 1, space + 4));
    }
  }
}
