package io.lightwire.examples.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
class DeviceExamplesProcessTest {

  private static final Pattern URL = Pattern.compile(".*open http://127\\.0\\.0\\.1:(\\d+)/.*");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"camera-stream, /stream", "gpio-remote, /remote"})
  void servesUntilSigtermThenExitsZeroHavingPrintedOneLine(String example, String path)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classPath =
        String.join(
            File.pathSeparator,
            System.getProperty("jdk.module.path", ""),
            System.getProperty("java.class.path", ""));
    Path errors = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                classPath,
                "io.lightwire.firmware.cli.LightwireCli",
                "example",
                example,
                "--port",
                "0",
                "--board",
                "emulated")
            .redirectError(errors.toFile())
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String first = stdout.readLine();
      assertTrue(first != null, "no output; stderr: " + Files.readString(errors));
      lines.add(first);
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
      try (Peer peer = Peer.connect("ws://" + host + path, "http://" + host)) {
        assertTrue(peer.next() != null, "the page's socket gets data");
        // SIGTERM by kill(1): Process.destroy() would also close our end of the output pipe.
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        Object event;
        do {
          event = peer.next();
        } while (!(event instanceof String s && s.startsWith("close ")));
        assertEquals("close 1001", event);
      }
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
      String line;
      while ((line = stdout.readLine()) != null) {
        lines.add(line);
      }
    } finally {
      process.destroyForcibly();
    }
    String stderr = Files.readString(errors);
    assertEquals(0, process.exitValue(), stderr);
    assertEquals(List.of(lines.getFirst()), lines, "exactly one line on standard output");
    assertTrue(stderr.contains("stopped;") && stderr.contains("in use: 0"), stderr);
  }
}
