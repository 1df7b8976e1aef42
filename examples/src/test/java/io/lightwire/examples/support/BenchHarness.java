package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Bench;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What the benchmark harness tests share: finding a {@link Bench} through {@link ServiceLoader} as
 * {@code ./lightwire bench} does, reading the cells of its Markdown table and checking its chart.
 */
public final class BenchHarness {

  private BenchHarness() {}

  /** The benchmark called {@code name} on the class path; fails when there is none. */
  public static Bench named(String name) {
    return ServiceLoader.load(Bench.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + name + "' benchmark on the class path"));
  }

  /** The cells of the first table row that starts with {@code prefix}, index 0 being the first. */
  public static List<String> cells(String table, String prefix) {
    return cells(table, prefix, "");
  }

  /**
   * Like {@link #cells(String, String)}, for the first such row that also contains {@code also}.
   */
  public static List<String> cells(String table, String prefix, String also) {
    for (String line : table.split("\n")) {
      if (line.startsWith(prefix) && line.contains(also)) {
        String[] parts = line.substring(1, line.length() - 1).split("\\|", -1);
        return Arrays.stream(parts).map(String::strip).toList();
      }
    }
    throw new AssertionError("no row starting '" + prefix + "' in:\n" + table);
  }

  /** A table cell's number, thousands separators allowed. */
  public static double number(String cell) {
    return Double.parseDouble(cell.replace(",", ""));
  }

  /** Checks that {@code file} is a PNG of two charts (1400 by 1040), not an empty image. */
  public static void assertTwoCharts(Path file) throws IOException {
    byte[] png = Files.readAllBytes(file);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
    assertEquals(1400, header.getInt(), "width");
    assertEquals(1040, header.getInt(), "height: two charts");
    assertTrue(png.length > 10_000, "a chart, not an empty image: " + png.length + " bytes");
  }
}
