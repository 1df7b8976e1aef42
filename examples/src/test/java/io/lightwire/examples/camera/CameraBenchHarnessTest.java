package io.lightwire.examples.camera;

import static io.lightwire.examples.support.BenchHarness.cells;
import static io.lightwire.examples.support.BenchHarness.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.BenchHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench camera} in a tiny configuration (two viewers, with and without the slow one, under a
 * second of window each, a 320x240 camera), found through {@link ServiceLoader} as {@code
 * ./lightwire bench} finds it: the firmware boots in this JVM, the Markdown table and the PNG chart
 * are written with sane content, and every pool is back to zero after the firmware stops. The full
 * benchmark is not part of the build; this checks the harness, not the speed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class CameraBenchHarnessTest {

  @TempDir Path dir;

  @Test
  void aTinyRunWritesTheTableWithFpsLatencyAndTheSlowViewerAndThePngChart() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      status =
          BenchHarness.named("camera")
              .run(
                  new String[] {
                    "--viewers", "2",
                    "--slow-viewer", "true",
                    "--warmup-ms", "300",
                    "--measure-ms", "800",
                    "--width", "320",
                    "--height", "240",
                    "--fps", "30",
                    "--out", dir.toString()
                  },
                  out);
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, console);
    String table = Files.readString(dir.resolve("camera.md"));
    assertTrue(console.contains(table), "the table is printed too:\n" + console);
    assertTrue(table.contains("camera 320x240 at 30 fps"), table);

    for (String prefix : List.of("| 2 | no |", "| 2 | yes |")) {
      List<String> row = cells(table, prefix);
      assertTrue(number(row.get(2)) > 0, "fps median: " + row);
      assertTrue(number(row.get(3)) > 0 && number(row.get(3)) <= number(row.get(2)), "min: " + row);
      assertTrue(number(row.get(4)) > 0, "latency p50: " + row);
      assertTrue(number(row.get(5)) >= number(row.get(4)), "p50 <= p99: " + row);
      assertTrue(number(row.get(6)) > 0, "capture fps: " + row);
      assertTrue(number(row.get(7)) > 0, "encode ms: " + row);
      assertTrue(number(row.get(8)) > 0, "sent fps: " + row);
      assertTrue(number(row.get(9)) > 0, "server CPU per frame: " + row);
      assertTrue(row.get(11).matches("\\d+\\.\\d\\d"), "service B/frame: " + row);
      assertTrue(row.get(12).matches("\\d+\\.\\d\\d"), "capture B/frame: " + row);
    }
    assertEquals("", cells(table, "| 2 | no |").get(13), "no slow viewer in that cell");
    assertTrue(
        cells(table, "| 2 | yes |").get(13).matches("\\d+\\.\\d\\d, \\d+"),
        "the slow viewer's fps and drops: " + table);

    List<String> effect = cells(table, "| 2 | ", "→");
    assertTrue(effect.get(2).matches("\\d+\\.\\d → \\d+\\.\\d"), "fps without → with: " + effect);
    assertTrue(effect.get(5).matches("\\d+\\.\\d → \\d+\\.\\d"), "p99 without → with: " + effect);
    assertTrue(effect.get(6).matches("\\d+ → \\d+"), "fast viewers' drops: " + effect);
    assertTrue(table.contains("Pools in use after the firmware stopped: none."), table);

    BenchHarness.assertTwoCharts(dir.resolve("camera.png"));
  }

  @Test
  void badArgumentsExit2NamingTheOptionAndTheValue() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      assertEquals(2, BenchHarness.named("camera").run(new String[] {"--viewers", "1,0"}, out));
      assertEquals(
          2, BenchHarness.named("camera").run(new String[] {"--slow-viewer", "maybe"}, out));
      assertEquals(2, BenchHarness.named("camera").run(new String[] {"--fps", "121"}, out));
      assertEquals(2, BenchHarness.named("camera").run(new String[] {"--frames", "3"}, out));
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("--viewers must be in [1, 256], was 0"), console);
    assertTrue(console.contains("--slow-viewer must be true or false, was 'maybe'"), console);
    assertTrue(console.contains("--fps must be in [1, 120], was 121"), console);
    assertTrue(console.contains("unknown option '--frames'"), console);
  }
}
