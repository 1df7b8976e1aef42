package io.lightwire.bench.camera;

import io.lightwire.bench.common.Args;
import io.lightwire.examples.support.OptionNumbers;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code bench camera}, checked: each bad value is named with its option.
 *
 * @param viewers viewer counts, one cell each (1 to 256)
 * @param slowViewer whether each count is also run with one deliberately slow viewer added
 * @param warmupMillis per cell, after the viewers connected and before the window
 * @param measureMillis per cell, the measuring window (the unmeasured pass before the first cell
 *     takes a warm-up and a window too)
 * @param width camera frame width
 * @param height camera frame height
 * @param fps camera frame rate
 * @param out folder for {@code camera.md} and {@code camera.png}
 * @param http whether each cell is run again with MJPEG-over-HTTP viewers ({@code /camera.mjpg})
 */
record CameraOptions(
    List<Integer> viewers,
    boolean slowViewer,
    long warmupMillis,
    long measureMillis,
    int width,
    int height,
    int fps,
    Path out,
    boolean http) {

  static final String USAGE =
      """
      usage: bench camera [--viewers 1,8,32,64] [--slow-viewer true|false] [--warmup-ms 2000]
                          [--measure-ms 10000] [--width 640] [--height 480] [--fps 30]
                          [--out target/bench] [--http true|false]""";

  /** The figures: 640x480 at 30 fps to 1, 8, 32, 64 viewers; about two minutes. */
  static CameraOptions defaults() {
    return new CameraOptions(
        List.of(1, 8, 32, 64), true, 2_000, 10_000, 640, 480, 30, Path.of("target", "bench"), true);
  }

  /** Parses {@code args} over the defaults. */
  static CameraOptions parse(String[] args) {
    CameraOptions d = defaults();
    List<Integer> viewers = d.viewers;
    boolean slowViewer = d.slowViewer;
    long warmupMillis = d.warmupMillis;
    long measureMillis = d.measureMillis;
    int width = d.width;
    int height = d.height;
    int fps = d.fps;
    Path out = d.out;
    boolean http = d.http;
    for (String[] pair : Args.pairs(args)) {
      String key = pair[0];
      String value = pair[1];
      switch (key) {
        case "--viewers" -> viewers = OptionNumbers.numbers(key, value, 1, 256);
        case "--slow-viewer" -> slowViewer = bool(key, value);
        case "--warmup-ms" -> warmupMillis = OptionNumbers.number(key, value, 0, 600_000);
        case "--measure-ms" -> measureMillis = OptionNumbers.number(key, value, 200, 600_000);
        case "--width" -> width = OptionNumbers.number(key, value, 16, 4096);
        case "--height" -> height = OptionNumbers.number(key, value, 16, 4096);
        case "--fps" -> fps = OptionNumbers.number(key, value, 1, 120);
        case "--out" -> out = Path.of(value);
        case "--http" -> http = bool(key, value);
        default -> throw new IllegalArgumentException("unknown option '" + key + "'");
      }
    }
    return new CameraOptions(
        viewers, slowViewer, warmupMillis, measureMillis, width, height, fps, out, http);
  }

  /** The largest viewer count. */
  int maxViewers() {
    return viewers.stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  /** The largest viewer count plus the slow viewer. */
  int maxConnections() {
    return maxViewers() + (slowViewer ? 1 : 0);
  }

  private static boolean bool(String option, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              option + " must be true or false, was '" + value + "'");
    };
  }
}
