package io.lightwire.bench.boot;

import io.lightwire.bench.common.Args;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param variants extra modes measured in the same alternation: the AOT cache with {@code javaOpts}
 *     plus the variant's flags (none by default: the product's configuration alone)
 */
record BootOptions(
    int runs, Path launcher, String javaOpts, int fuzzFrames, Path out, List<Variant> variants) {

  static final String USAGE =
      "usage: lightwire bench boot [--runs N (7)] [--launcher PATH (./lightwire)]"
          + " [--java-opts \"FLAGS\" (-Xmx16m)] [--fuzz-frames N (20000; 0 skips)]"
          + " [--out DIR (target/bench)] [--variant \"NAME=FLAGS\" (repeatable; none)]";

  /**
   * A mode of its own in the alternation: the AOT cache with {@code --java-opts} and then {@code
   * flags} (the JVM takes the last of two values of one flag, so these override the launcher's).
   *
   * @param name the row's name in the report
   * @param flags JVM flags added after {@code --java-opts}
   */
  record Variant(String name, String flags) {}

  static BootOptions defaults() {
    return new BootOptions(
        7, Path.of("lightwire"), "-Xmx16m", 20_000, Path.of("target", "bench"), List.of());
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the option and the bad value
   */
  static BootOptions parse(String[] args) {
    BootOptions d = defaults();
    int runs = d.runs;
    Path launcher = d.launcher;
    String javaOpts = d.javaOpts;
    int fuzzFrames = d.fuzzFrames;
    Path out = d.out;
    List<Variant> variants = new ArrayList<>(d.variants);
    for (String[] pair : Args.pairs(args)) {
      String key = pair[0];
      String value = pair[1];
      switch (key) {
        case "--runs" -> runs = positive(key, value, 1);
        case "--launcher" -> launcher = Path.of(value);
        case "--java-opts" -> javaOpts = value;
        case "--fuzz-frames" -> fuzzFrames = positive(key, value, 0);
        case "--out" -> out = Path.of(value);
        case "--variant" -> variants.add(variant(key, value));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + key
                    + " (known: --runs, --launcher, --java-opts, --fuzz-frames, --out, --variant)");
      }
    }
    return new BootOptions(runs, launcher, javaOpts, fuzzFrames, out, List.copyOf(variants));
  }

  /** {@link #javaOpts} split on blanks. */
  List<String> javaOptList() {
    return Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static Variant variant(String key, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0 || value.substring(eq + 1).isBlank()) {
      throw new IllegalArgumentException(
          key + " " + value + ": NAME=FLAGS needed, e.g. c1=-XX:TieredStopAtLevel=1");
    }
    return new Variant(value.substring(0, eq), value.substring(eq + 1).strip());
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
    throw new IllegalArgumentException(
        key + " " + value + ": a whole number >= " + min + " needed");
  }
}
