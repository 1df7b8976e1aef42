package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status probe against canned HTTP answers from a loopback socket. */
class HealthProbeTest {

  private final ServerSocket server;
  private final AtomicReference<String> request = new AtomicReference<>();
  private Thread answering;

  HealthProbeTest() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws Exception {
    server.close();
    if (answering != null) {
      answering.join(5000);
    }
  }

  private HealthProbe answer(String response) {
    answering =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Socket client = server.accept()) {
                    byte[] head = new byte[4096];
                    int n = client.getInputStream().read(head);
                    request.set(new String(head, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
                    client.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    // the test closed the server
                  }
                });
    return new HealthProbe(
        URI.create("http://127.0.0.1:" + server.getLocalPort() + "/status"), Duration.ofSeconds(5));
  }

  @Test
  void a200WithAVersionIsHealthyAndTheRequestIsAPlainGet() throws IOException {
    HealthProbe probe =
        answer(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                + "{\"version\" : \"2.0.0\",\"board\":{}}");
    assertEquals("2.0.0", probe.probe());
    assertTrue(request.get().startsWith("GET /status HTTP/1.1\r\nHost: 127.0.0.1:"), request.get());
  }

  @Test
  void anErrorStatusIsNotHealthy() {
    HealthProbe probe = answer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\r\n");
    IOException e = assertThrows(IOException.class, probe::probe);
    assertEquals("status 503 Service Unavailable", e.getMessage());
  }

  @Test
  void somethingElseOnThePortIsNotHealthy() {
    HealthProbe probe = answer("SSH-2.0-OpenSSH_9.2\r\n");
    IOException e = assertThrows(IOException.class, probe::probe);
    assertEquals("not an HTTP response: 'SSH-2.0-OpenSSH_9.2'", e.getMessage());
  }

  @Test
  void a200WithoutAVersionIsNotHealthy() {
    HealthProbe probe = answer("HTTP/1.1 200 OK\r\n\r\n<html>hello</html>");
    IOException e = assertThrows(IOException.class, probe::probe);
    assertEquals("200 without a version in the body", e.getMessage());
  }

  @Test
  void onlyPlainHttpUrlsAreAccepted() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new HealthProbe(URI.create("https://board/status"), Duration.ofSeconds(1)));
  }
}
