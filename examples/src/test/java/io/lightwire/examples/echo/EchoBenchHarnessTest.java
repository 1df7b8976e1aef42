package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Bench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench echo} in a tiny configuration (one size, two connections, under a second of load,
 * ours and Netty, each in its own child JVM), found through {@link ServiceLoader} as {@code
 * ./lightwire bench} finds it: the Markdown table and the PNG chart are written with sane content.
 * The full benchmark is not part of the build; this checks the harness, not the speed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EchoBenchHarnessTest {

  @TempDir Path dir;

  private static Bench echoBench() {
    return ServiceLoader.load(Bench.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(b -> b.name().equals("echo"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no 'echo' benchmark on the class path"));
  }

  @Test
  void aTinyRunWritesTheTableWithRatiosAndThePngChart() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      status =
          echoBench()
              .run(
                  new String[] {
                    "--servers", "lightwire,netty",
                    "--sizes", "1024",
                    "--connections", "2",
                    "--warmup-ms", "300",
                    "--rounds", "2",
                    "--round-ms", "300",
                    "--out", dir.toString()
                  },
                  out);
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, console);
    String table = Files.readString(dir.resolve("echo.md"));
    assertTrue(console.contains(table), "the table is printed too:\n" + console);

    List<String> ours = cells(table, "| 1 KiB | 2 | lightwire |");
    List<String> netty = cells(table, "| 1 KiB | 2 | netty |");
    assertTrue(number(ours.get(3)) > 0, "lightwire msg/s: " + ours);
    assertTrue(number(netty.get(3)) > 0, "netty msg/s: " + netty);
    assertEquals("1.00×", netty.get(5), "netty against itself");
    assertTrue(ours.get(5).matches("\\d+\\.\\d\\d×"), "ratio against netty: " + ours);
    assertTrue(number(ours.get(6)) > 0 && number(ours.get(7)) >= number(ours.get(6)), "p50<=p99");

    List<String> memory = cells(table, "| lightwire | ");
    assertTrue(memory.get(1).matches("\\d+\\.\\d\\d, \\d+\\.\\d\\d"), "B/msg: " + memory);
    assertTrue(number(memory.get(3)) > 0, "RSS idle: " + memory);
    assertTrue(number(memory.get(5)) >= number(memory.get(4)), "peak >= loaded: " + memory);
    assertEquals("0", memory.get(6), "our echo-server exits 0 on SIGTERM: " + memory);
    assertEquals("n/a", cells(table, "| netty | ").get(1), "netty has no single service thread");

    byte[] png = Files.readAllBytes(dir.resolve("echo.png"));
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
    assertEquals(1400, header.getInt(), "width");
    assertEquals(1040, header.getInt(), "height: two charts");
    assertTrue(png.length > 10_000, "a chart, not an empty image: " + png.length + " bytes");
  }

  @Test
  void badArgumentsExit2NamingTheOptionAndTheValue() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      assertEquals(2, echoBench().run(new String[] {"--sizes", "16,70000"}, out));
      assertEquals(2, echoBench().run(new String[] {"--servers", "lightwire,tomcat"}, out));
    }
    String console = printed.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("--sizes must be in [1, 65535], was 70000"), console);
    assertTrue(console.contains("--servers: no server named 'tomcat'"), console);
  }

  /** The cells of the table row that starts with {@code prefix}, index 0 being the first. */
  private static List<String> cells(String table, String prefix) {
    for (String line : table.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] parts = line.substring(1, line.length() - 1).split("\\|", -1);
        return Arrays.stream(parts).map(String::strip).toList();
      }
    }
    throw new AssertionError("no row starting '" + prefix + "' in:\n" + table);
  }

  private static double number(String cell) {
    return Double.parseDouble(cell.replace(",", ""));
  }
}
