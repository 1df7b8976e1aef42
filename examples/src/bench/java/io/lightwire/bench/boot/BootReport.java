package io.lightwire.bench.boot;

import io.lightwire.bench.common.ProcMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The Markdown report of {@code bench boot}. */
final class BootReport {

  private BootReport() {}

  /**
   * The fuzz run's result.
   *
   * @param frames fuzzed frames sent
   * @param connections connections it took (the server closes one per violation)
   * @param before memory after boot, before the first frame
   * @param after memory {@link BootBench#FUZZ_SETTLE_MS} ms after the last frame
   */
  record Fuzz(int frames, int connections, ProcMemory before, ProcMemory after) {}

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "unknown". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String markdown(
      BootOptions options, String loadAfter, List<BootBench.Mode> modes, Fuzz fuzz, Path launcher) {
    StringBuilder md = new StringBuilder();
    md.append("# bench boot, ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
    md.append("`")
        .append(launcher.getFileName())
        .append(" run --board emulated` with a fresh state folder, `JAVA_OPTS=")
        .append(options.javaOpts())
        .append("`, ")
        .append(options.runs())
        .append(" starts per mode (alternating, after one warm-up start each; a variant adds its")
        .append(" flags after `JAVA_OPTS`). Boot: exec to")
        .append(" the first 200 answer of `GET /status`. Memory: `/proc/PID/status` ")
        .append(BootBench.SETTLE_MS)
        .append(" ms later. ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs; load average at the end: ")
        .append(loadAfter)
        .append(".\n\n");
    md.append(
        "| mode | boot median (ms) | boot min..max (ms) | VmRSS median (MiB) | VmHWM median (MiB) |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (BootBench.Mode mode : modes) {
      row(md, mode.name(), mode.samples());
    }
    if (fuzz != null) {
      md.append("\nResident memory under ")
          .append(fuzz.frames())
          .append(" fuzzed frames on `/camera` (")
          .append(fuzz.connections())
          .append(" connections; the server closes one per violation), AOT cache; after: ")
          .append(BootBench.FUZZ_SETTLE_MS)
          .append(" ms after the last frame:\n\n");
      md.append("| before (MiB) | after (MiB) | peak (MiB) |\n|---:|---:|---:|\n");
      md.append(
          String.format(
              "| %.1f | %.1f | %.1f |%n",
              fuzz.before().rssKib() / 1024.0,
              fuzz.after().rssKib() / 1024.0,
              fuzz.after().peakKib() / 1024.0));
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String mode, List<BootBench.Sample> samples) {
    double min = samples.stream().mapToDouble(BootBench.Sample::bootMs).min().orElse(Double.NaN);
    double max = samples.stream().mapToDouble(BootBench.Sample::bootMs).max().orElse(Double.NaN);
    md.append(
        String.format(
            "| %s | %.0f | %.0f..%.0f | %.1f | %.1f |%n",
            mode,
            BootBench.medianBootMs(samples),
            min,
            max,
            BootBench.medianRssMib(samples),
            BootBench.medianPeakMib(samples)));
  }
}
