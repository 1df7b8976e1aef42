package io.lightwire.bench.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.bench.boot.BootBench;
import io.lightwire.bench.camera.CameraBench;
import io.lightwire.bench.echo.EchoBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} and {@code -h} print a benchmark's usage and end with 0, starting nothing. */
class BenchHelpTest {

  @Test
  void everyBenchmarkAnswersHelpWithItsUsage() throws Exception {
    for (var bench : List.of(new EchoBench(), new BootBench(), new CameraBench())) {
      for (String flag : List.of("--help", "-h")) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
            bench.run(new String[] {flag}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, bench.name() + " " + flag + ": " + out);
        assertTrue(out.contains("usage:") && out.contains(bench.name()), out);
        assertTrue(!out.contains("needs a value"), out);
      }
    }
  }

  @Test
  void wantsHelpLooksAtEveryArgumentAndNothingElse() {
    assertTrue(Args.wantsHelp(new String[] {"--rounds", "3", "--help"}));
    assertTrue(!Args.wantsHelp(new String[] {"--rounds", "3"}));
  }
}
