package io.lightwire.examples.echo;

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
 * {@code bench echo} in a tiny configuration (one size, two connections, both modes, one short
 * round each, ours, Netty and the raw TCP echo, each in its own child JVM), found through {@link
 * ServiceLoader} as {@code ./lightwire bench} finds it: the Markdown table and the PNG chart are
 * written with sane content. The full benchmark is not part of the build; this checks the harness,
 * not the speed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Tag("slow")
class EchoBenchHarnessTest {

  @TempDir Path dir;

  @Test
  void aTinyRunWritesBothModesTablesWithRatiosAndThePngChart() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      status =
          BenchHarness.named("echo")
              .run(
                  new String[] {
                    "--servers", "lightwire,lightwire-spin,lightwire-loops,netty,raw-tcp",
                    "--sizes", "1024",
                    "--connections", "2",
                    "--warmup-ms", "200",
                    "--rounds", "1",
                    "--round-ms", "300",
                    "--out", dir.toString()
                  },
                  out);
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, console);
    String table = Files.readString(dir.resolve("echo.md"));
    assertTrue(console.contains(table), "the table is printed too:\n" + console);
    assertTrue(table.contains("-Xmx64m -XX:+UseSerialGC"), "the issue's JVM flags by default");

    for (String mode : List.of("## echo", "## pipeline")) {
      String section = table.substring(table.indexOf(mode));
      List<String> ours = cells(section, "| 1 KiB | 2 | lightwire |");
      List<String> netty = cells(section, "| 1 KiB | 2 | netty |");
      List<String> raw = cells(section, "| 1 KiB | 2 | raw-tcp |");
      for (String variant : List.of("lightwire-spin", "lightwire-loops")) {
        List<String> row = cells(section, "| 1 KiB | 2 | " + variant + " |");
        assertTrue(number(row.get(3)) > 0, mode + " " + variant + " msg/s: " + row);
        assertTrue(row.get(11).matches("\\d+\\.\\d\\d"), "its service threads: " + row);
      }
      assertTrue(number(ours.get(3)) > 0, mode + " lightwire msg/s: " + ours);
      assertTrue(number(netty.get(3)) > 0, mode + " netty msg/s: " + netty);
      assertTrue(number(raw.get(3)) > 0, mode + " raw msg/s: " + raw);
      assertEquals("1.00×", netty.get(4), "netty against itself");
      assertEquals("1.00×", raw.get(5), "raw against itself");
      assertTrue(ours.get(4).matches("\\d+\\.\\d\\d×"), "ratio against netty: " + ours);
      assertTrue(ours.get(5).matches("\\d+\\.\\d\\d×"), "ratio against raw: " + ours);
      assertTrue(number(ours.get(6)) > 0 && number(ours.get(7)) >= number(ours.get(6)), "p50<=p99");
      assertTrue(number(ours.get(9)) >= 0, "server CPU µs/msg: " + ours);
      assertTrue(ours.get(11).matches("\\d+\\.\\d\\d"), "service thread B/msg: " + ours);
      assertEquals("n/a", netty.get(11), "netty has no single service thread");
      assertTrue(ours.get(14).matches("\\d+%"), "load busy: " + ours);
    }

    List<String> memory = cells(table, "| lightwire | ");
    assertTrue(memory.get(1).matches("\\d+\\.\\d\\d, \\d+\\.\\d\\d"), "B/msg: " + memory);
    assertTrue(number(memory.get(4)) > 0, "RSS idle: " + memory);
    assertTrue(number(memory.get(6)) >= number(memory.get(5)), "peak >= loaded: " + memory);
    assertEquals("0", memory.get(7), "our echo-server exits 0 on SIGTERM: " + memory);

    BenchHarness.assertTwoCharts(dir.resolve("echo.png"));
  }

  @Test
  void badArgumentsExit2NamingTheOptionAndTheValue() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      assertEquals(2, BenchHarness.named("echo").run(new String[] {"--sizes", "16,70000"}, out));
      assertEquals(
          2, BenchHarness.named("echo").run(new String[] {"--servers", "lightwire,tomcat"}, out));
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("--sizes must be in [1, 65535], was 70000"), console);
    assertTrue(console.contains("--servers: no server named 'tomcat'"), console);
  }
}
