package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire example echo-server} as a real process, launched the way {@code ./lightwire}
 * launches the CLI: it prints its one line, echoes for an independent client, and SIGTERM stops it
 * with exit status 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoServerProcessTest {

  @TempDir Path dir;

  @Test
  void servesUntilSigtermThenExitsZeroHavingPrintedOneLine() throws Exception {
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
                "echo-server",
                "--port",
                "0")
            .redirectError(errors.toFile())
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String first = stdout.readLine();
      assertTrue(first != null, "no output; stderr: " + Files.readString(errors));
      lines.add(first);
      Matcher m = EchoServerExampleTest.LISTENING.matcher(first);
      assertTrue(m.matches(), first);
      int port = Integer.parseInt(m.group(2));

      try (JdkEchoPeer peer = JdkEchoPeer.connect("ws://127.0.0.1:" + port + "/")) {
        peer.socket.sendText("from outside", true).get(10, TimeUnit.SECONDS);
        assertEquals("from outside", peer.next());
        // SIGTERM by kill(1): Process.destroy() would also close our end of the output pipe.
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        assertEquals("close 1001", peer.next());
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
    assertTrue(
        stderr.contains("stopped after echoing 1 messages") && stderr.contains("in use: 0"),
        stderr);
  }
}
