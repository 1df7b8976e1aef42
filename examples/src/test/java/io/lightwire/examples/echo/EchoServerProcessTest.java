package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.CliProcess;
import io.lightwire.testsupport.JdkPeer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire example echo-server} as a real process, launched the way {@code ./lightwire}
 * launches the CLI: it prints its one line, echoes for an independent client, and SIGTERM stops it
 * with exit status 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("process")
class EchoServerProcessTest {

  @TempDir Path dir;

  @Test
  void servesUntilSigtermThenExitsZeroHavingPrintedOneLine() throws Exception {
    List<String> lines;
    String stderr;
    int status;
    try (CliProcess process = CliProcess.example(dir, "echo-server", "--port", "0")) {
      String first = process.firstLine();
      Matcher m = EchoServerExampleTest.LISTENING.matcher(first);
      assertTrue(m.matches(), first);
      int port = Integer.parseInt(m.group(2));

      try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/")) {
        peer.socket.sendText("from outside", true).get(10, TimeUnit.SECONDS);
        assertEquals("from outside", peer.next());
        process.sigterm();
        assertEquals("close 1001", peer.next());
      }
      lines = process.awaitExit();
      stderr = process.stderr();
      status = process.exitValue();
    }
    assertEquals(0, status, stderr);
    assertEquals(List.of(lines.getFirst()), lines, "exactly one line on standard output");
    assertTrue(
        stderr.contains("stopped after echoing 1 messages") && stderr.contains("in use: 0"),
        stderr);
  }
}
