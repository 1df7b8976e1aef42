package io.lightwire.bench.boot;

import io.lightwire.bench.common.Args;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Options of {@code lightwire bench boot}.
 *
 * @param runs measured starts per mode (after one unmeasured warm-up start)
 * @param launcher the launcher script that is exec'd ({@code ./lightwire})
 * @param javaOpts the {@code JAVA_OPTS} of every start
 * @param fuzzFrames fuzzed WebSocket frames sent to {@code /camera} in the resident-memory run (0:
 *     no such run)
 * @param out where {@code boot.md} is written
 */
record BootOptions(int runs, Path launcher, String javaOpts, int fuzzFrames, Path out) {

  static final String USAGE =
      "usage: lightwire bench boot [--runs N (7)] [--launcher PATH (./lightwire)]"
          + " [--java-opts \"FLAGS\" (-Xmx16m)] [--fuzz-frames N (20000; 0 skips)]"
          + " [--out DIR (target/bench)]";

  static BootOptions defaults() {
    return new BootOptions(7, Path.of("lightwire"), "-Xmx16m", 20_000, Path.of("target", "bench"));
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the option and the bad value
   */
  static BootOptions parse(String[] args) {
    BootOptions o = defaults();
    for (String[] pair : Args.pairs(args)) {
      String key = pair[0];
      String value = pair[1];
      o =
          switch (key) {
            case "--runs" ->
                new BootOptions(
                    positive(key, value, 1), o.launcher, o.javaOpts, o.fuzzFrames, o.out);
            case "--launcher" ->
                new BootOptions(o.runs, Path.of(value), o.javaOpts, o.fuzzFrames, o.out);
            case "--java-opts" -> new BootOptions(o.runs, o.launcher, value, o.fuzzFrames, o.out);
            case "--fuzz-frames" ->
                new BootOptions(o.runs, o.launcher, o.javaOpts, positive(key, value, 0), o.out);
            case "--out" ->
                new BootOptions(o.runs, o.launcher, o.javaOpts, o.fuzzFrames, Path.of(value));
            default ->
                throw new IllegalArgumentException(
                    "unknown option "
                        + key
                        + " (known: "
                        + String.join(
                            ", ",
                            List.of(
                                "--runs", "--launcher", "--java-opts", "--fuzz-frames", "--out"))
                        + ")");
          };
    }
    return o;
  }

  /** {@link #javaOpts} split on blanks. */
  List<String> javaOptList() {
    return Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static int positive(String key, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " " + value + ": a whole number >= " + min + " needed");
  }
}
