package io.lightwire.examples.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.CliProcess;
import io.lightwire.testsupport.JdkPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code camera-stream} and {@code gpio-remote} as real processes, launched the way {@code
 * ./lightwire} launches the CLI: each prints its one line, serves its page and its WebSocket, and
 * SIGTERM stops it with exit status 0, pages closed with 1001 and no connection slot in use.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("process")
class DeviceExamplesProcessTest {

  private static final Pattern URL = Pattern.compile(".*open http://127\\.0\\.0\\.1:(\\d+)/.*");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"camera-stream, /stream", "gpio-remote, /remote"})
  void servesUntilSigtermThenExitsZeroHavingPrintedOneLine(String example, String path)
      throws Exception {
    List<String> lines;
    String stderr;
    int status;
    try (CliProcess process =
        CliProcess.example(dir, example, "--port", "0", "--board", "emulated")) {
      String first = process.firstLine();
      Matcher m = URL.matcher(first);
      assertTrue(m.matches() && first.startsWith(example + ": open "), first);
      String host = "127.0.0.1:" + m.group(1);
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
      }
      try (JdkPeer peer = JdkPeer.connect("ws://" + host + path, "http://" + host)) {
        assertTrue(peer.next() != null, "the page's socket gets data");
        process.sigterm();
        Object event;
        do {
          event = peer.next();
        } while (!(event instanceof String s && s.startsWith("close ")));
        assertEquals("close 1001", event);
      }
      lines = process.awaitExit();
      stderr = process.stderr();
      status = process.exitValue();
    }
    assertEquals(0, status, stderr);
    assertEquals(List.of(lines.getFirst()), lines, "exactly one line on standard output");
    assertTrue(stderr.contains("stopped;") && stderr.contains("in use: 0"), stderr);
  }
}
