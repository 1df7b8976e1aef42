package io.lightwire.bench.echo;

import io.lightwire.bench.common.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report of a {@code bench echo} run: medians, ratios against Netty, memory. */
final class Report {

  private static final String BASELINE = "netty";

  private final BenchOptions options;
  private final Map<String, EchoBench.ServerRun> runs;

  Report(BenchOptions options, Map<String, EchoBench.ServerRun> runs) {
    this.options = options;
    this.runs = runs;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Echo benchmark\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Loopback; %d cores; Java %s. Each server alone in its own JVM (%s); one load client"
                + " for all (Lightwire's blocking client, a thread per connection, one binary"
                + " message in flight per connection). Per cell: %d ms warm-up, then the median of"
                + " %d rounds of %d ms. \"vs Netty\" divides by Netty's figure (throughput: higher"
                + " is better; p99: lower is better). \"server B/msg\": bytes the server's whole"
                + " JVM allocated per echo.\n\n",
            Runtime.getRuntime().availableProcessors(),
            Runtime.version(),
            options.jvmOptions().isEmpty() ? "default options" : String.join(" ", options.jvmOptions()),
            options.warmupMillis(),
            options.rounds(),
            options.roundMillis()));
    md.append(
        "| size | conns | server | msg/s | MiB/s | vs Netty | p50 µs | p99 µs | p99 vs Netty |"
            + " server B/msg |\n");
    md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int size : options.sizes()) {
      for (int connections : options.connections()) {
        EchoBench.Cell cell = new EchoBench.Cell(size, connections);
        EchoLoad.Result baseline = result(BASELINE, cell);
        for (EchoBench.ServerRun run : runs.values()) {
          EchoLoad.Result r = run.cells.get(cell);
          md.append("| ").append(size(size)).append(" | ").append(connections).append(" | ");
          md.append(run.server).append(" | ");
          if (r == null || r.error() != null) {
            String why = r == null ? String.valueOf(run.failure) : r.error();
            md.append("failed: ").append(why.replace('|', '/')).append(" | | | | | | |\n");
            continue;
          }
          md.append(String.format(Locale.ROOT, "%,.0f", r.messagesPerSecond())).append(" | ");
          md.append(String.format(Locale.ROOT, "%,.1f", r.messagesPerSecond() * size / (1 << 20)))
              .append(" | ");
          md.append(ratio(r.messagesPerSecond(), baseline == null ? Double.NaN : baseline.messagesPerSecond()))
              .append(" | ");
          md.append(String.format(Locale.ROOT, "%,.0f", r.p50Micros())).append(" | ");
          md.append(String.format(Locale.ROOT, "%,.0f", r.p99Micros())).append(" | ");
          md.append(ratio(r.p99Micros(), baseline == null ? Double.NaN : baseline.p99Micros()))
              .append(" | ");
          md.append(String.format(Locale.ROOT, "%,.0f", r.allThreadsBytesPerMessage())).append(" |\n");
        }
      }
    }
    md.append("\n## Allocation and resident memory\n\n");
    md.append(
        "Service thread B/msg: bytes our one service thread allocated per echo (ThreadMXBean),"
            + " over the measured rounds of every cell (target 0; the peers have no single service"
            + " thread). RSS from /proc/PID/status: after start (idle), after the last cell"
            + " (VmRSS) and the peak (VmHWM). Exit: the status after SIGTERM (ours stops"
            + " cleanly with 0; 143 is the JVM's default). Cells retried: cells run again after a"
            + " connection's echo stalled for 5 s.\n\n");
    md.append(
        "| server | service thread B/msg (median, max) | whole JVM B/msg (median) | RSS idle MiB |"
            + " RSS loaded MiB | peak RSS MiB | exit | cells retried |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (EchoBench.ServerRun run : runs.values()) {
      double[] service = values(run, true);
      double[] all = values(run, false);
      md.append("| ").append(run.server).append(" | ");
      md.append(
              service.length == 0
                  ? "n/a"
                  : String.format(
                      Locale.ROOT,
                      "%.2f, %.2f",
                      Stats.median(service),
                      Arrays.stream(service).max().orElse(Double.NaN)))
          .append(" | ");
      md.append(
              all.length == 0
                  ? "n/a"
                  : String.format(Locale.ROOT, "%,.0f", Stats.median(all)))
          .append(" | ");
      md.append(mib(run.idle == null ? -1 : run.idle.rssKib())).append(" | ");
      md.append(mib(run.loaded == null ? -1 : run.loaded.rssKib())).append(" | ");
      md.append(mib(run.loaded == null ? -1 : run.loaded.peakKib())).append(" | ");
      md.append(run.exitStatus == null ? "n/a" : run.exitStatus).append(" | ");
      md.append(run.retries).append(" |\n");
    }
    return md.toString();
  }

  private EchoLoad.Result result(String server, EchoBench.Cell cell) {
    EchoBench.ServerRun run = runs.get(server);
    EchoLoad.Result r = run == null ? null : run.cells.get(cell);
    return r == null || r.error() != null ? null : r;
  }

  private static double[] values(EchoBench.ServerRun run, boolean serviceThread) {
    List<Double> list = new ArrayList<>();
    for (EchoLoad.Result r : run.cells.values()) {
      if (r.error() == null) {
        double v = serviceThread ? r.serviceThreadBytesPerMessage() : r.allThreadsBytesPerMessage();
        if (v >= 0) {
          list.add(v);
        }
      }
    }
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f×", value / baseline);
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }

  /** A size as the table shows it: {@code 16 B}, {@code 1 KiB}, {@code 60 KiB}. */
  static String size(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }

  /** One progress line for a cell. */
  static String oneLine(EchoLoad.Result r) {
    if (r.error() != null) {
      return "failed: " + r.error();
    }
    return String.format(
        Locale.ROOT,
        "%,10.0f msg/s  p50 %,6.0f µs  p99 %,7.0f µs  server %,8.0f B/msg%s",
        r.messagesPerSecond(),
        r.p50Micros(),
        r.p99Micros(),
        r.allThreadsBytesPerMessage(),
        r.serviceThreadBytesPerMessage() >= 0
            ? String.format(Locale.ROOT, "  service thread %.2f B/msg", r.serviceThreadBytesPerMessage())
            : "");
  }
}
