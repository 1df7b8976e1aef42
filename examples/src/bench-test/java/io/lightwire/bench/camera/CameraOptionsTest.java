package io.lightwire.bench.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench camera}'s command line: each option replaces its own default and no other, and a bad
 * value or an unknown option is an error that names it.
 */
class CameraOptionsTest {

  @Test
  void noArgumentsAreTheIssuesFigures() {
    assertEquals(CameraOptions.defaults(), CameraOptions.parse(new String[0]));
    assertEquals(
        new CameraOptions(
            List.of(1, 8, 32, 64),
            true,
            2_000,
            10_000,
            640,
            480,
            30,
            Path.of("target/bench"),
            true),
        CameraOptions.defaults());
  }

  @Test
  void everyOptionSetsItsOwnField() {
    CameraOptions o =
        CameraOptions.parse(
            new String[] {
              "--viewers", "2,4",
              "--slow-viewer", "false",
              "--warmup-ms", "0",
              "--measure-ms", "300",
              "--width", "320",
              "--height", "240",
              "--fps", "15",
              "--out", "x/y",
              "--http", "false"
            });
    assertEquals(
        new CameraOptions(List.of(2, 4), false, 0, 300, 320, 240, 15, Path.of("x/y"), false), o);
    assertEquals(4, o.maxConnections());
  }

  @Test
  void oneOptionLeavesTheOtherDefaults() {
    CameraOptions d = CameraOptions.defaults();
    CameraOptions o = CameraOptions.parse(new String[] {"--fps", "60"});
    assertEquals(
        new CameraOptions(
            d.viewers(),
            d.slowViewer(),
            d.warmupMillis(),
            d.measureMillis(),
            d.width(),
            d.height(),
            60,
            d.out(),
            d.http()),
        o);
    assertEquals(65, o.maxConnections());
  }

  @Test
  void badValuesAndUnknownOptionsAreNamed() {
    assertEquals("--viewers must be in [1, 256], was 0", error("--viewers", "1,0"));
    assertEquals("--measure-ms must be in [200, 600000], was 100", error("--measure-ms", "100"));
    assertEquals("--fps must be a number, was 'fast'", error("--fps", "fast"));
    assertEquals("--http must be true or false, was 'yes'", error("--http", "yes"));
    assertEquals("unknown option '--colour'", error("--colour", "red"));
  }

  private static String error(String key, String value) {
    return assertThrows(
            IllegalArgumentException.class, () -> CameraOptions.parse(new String[] {key, value}))
        .getMessage();
  }
}
