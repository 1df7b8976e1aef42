package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.CliProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire run} as a real process, configured by {@code LIGHTWIRE_<KEY>} environment
 * variables: it serves, and SIGTERM stops it with exit status 0.
 */
@Tag("process")
class RunProcessTest {

  private static final Pattern SERVING = Pattern.compile("serving on .*:(\\d+):");

  @TempDir Path stateHome;

  @Test
  void sigtermStopsTheFirmwareCleanlyWithStatusZero() throws Exception {
    ProcessBuilder builder = CliProcess.command(List.of(), "run").redirectErrorStream(true);
    builder.environment().put("XDG_STATE_HOME", stateHome.toString()); // the token goes there
    // The address and port come from LIGHTWIRE_<KEY> variables, as on a balena-style device.
    builder.environment().put("LIGHTWIRE_SERVER_BIND", "127.0.0.1");
    builder.environment().put("LIGHTWIRE_SERVER_PORT", "0");
    Process process = builder.start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      int port = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String line;
      while (port < 0 && System.nanoTime() < deadline && (line = lines.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertTrue(port > 0, "never printed its address:\n" + output);
      assertTrue(output.toString().contains("serving on 127.0.0.1:"), output.toString());

      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> status =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
      }

      // SIGTERM by kill(1): Process.destroy() would also close our end of the output pipe.
      CliProcess.sigterm(process);
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "still running after SIGTERM");
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
      }
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output.toString());
    assertTrue(output.toString().contains("stopped cleanly"), output.toString());
  }
}
