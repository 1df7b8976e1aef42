package io.lightwire.bench.echo;

import io.lightwire.bench.common.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of a {@code bench echo} run: a table per mode (medians of the rounds, ratios
 * against Netty and against the raw TCP echo, CPU and allocation per message, collections, the load
 * generator's own CPU), then allocation and resident memory per server.
 */
final class Report {

  static final String BASELINE = "netty";

  /** A generator thread on CPU for this share of the window or more was (nearly) the limit. */
  static final double GENERATOR_BOUND = 0.9;

  private final BenchOptions options;
  private final Map<String, EchoBench.ServerRun> runs;

  Report(BenchOptions options, Map<String, EchoBench.ServerRun> runs) {
    this.options = options;
    this.runs = runs;
  }

  /** Where the generator and the servers ran (after the split, this process sees its CPUs only). */
  private String placement() {
    CpuSplit split = options.cpuSplit();
    return split == null
        ? Runtime.getRuntime().availableProcessors()
            + " CPUs shared by the load generator and every server (--placement shared, or one CPU)"
        : "the load generator on CPUs "
            + split.load()
            + " and every server on CPUs "
            + split.servers()
            + " (taskset): they share no core, as on two machines";
  }

  /**
   * What an idle CPU costs to wake, where a virtual machine says: the haltpoll cpuidle driver's
   * window. With 0 every wake-up of an idle vCPU is a hypervisor exit, which sets the
   * one-connection echo rate of every server alike (docs/decisions.md, "One connection measures the
   * wake-up").
   *
   * @param sys where sysfs is mounted ({@code /sys})
   */
  static String idleWakeUp(Path sys) {
    try {
      String driver =
          Files.readString(sys.resolve("devices/system/cpu/cpuidle/current_driver")).strip();
      if (!driver.equals("haltpoll")) {
        return "";
      }
      String ns =
          Files.readString(sys.resolve("module/haltpoll/parameters/guest_halt_poll_ns")).strip();
      return " Virtual CPUs: an idle one polls up to "
          + ns
          + " ns before it halts (haltpoll, guest_halt_poll_ns); past that each wake-up is a"
          + " hypervisor exit.";
    } catch (IOException e) {
      return "";
    }
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Echo benchmark\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Loopback; %s; Java %s.%s%s Every server in its own JVM (%s), all started first;"
                + " the rounds of each cell rotate through them. One load generator for all: %d NIO"
                + " thread(s), precomputed masked frames written a window at a time, reads of up to"
                + " 256 KiB. **lightwire** is the echo-server example as shipped;"
                + " **lightwire-spin** the same with its opt-in busy-poll window (--busy-poll-us"
                + " %d); **lightwire-loops** the same with %d service loops on one port (--loops"
                + " %d, SO_REUSEPORT). **echo**: one message in flight per connection;"
                + " **pipeline**: %d in flight per connection. Per round: %d ms warm-up, then a %d"
                + " ms window; the table shows the median of %d rounds. \"vs Netty\" and \"vs raw\""
                + " divide msg/s by Netty's and by the raw TCP echo's (higher is better); \"p99 vs"
                + " Netty\" divides p99s (lower is better). \"CPU µs/msg\": the server process's"
                + " user+system time (/proc/PID/stat) per echo. \"B/msg\": bytes the server's whole"
                + " JVM allocated per echo; \"svc B/msg\": our service threads' (every loop's)."
                + " \"GCs\": collections in the measure windows. \"load µs/msg\" and \"load"
                + " busy\": the generator's CPU per echo and its busiest thread's share of the"
                + " window (near 100%%, the generator was the limit).\n\n",
            placement(),
            Runtime.version(),
            options.quick() ? " The short `--quick` configuration." : "",
            idleWakeUp(Path.of("/sys")),
            options.jvmOptions().isEmpty()
                ? "default options"
                : String.join(" ", options.jvmOptions()),
            options.loadThreads(),
            EchoServerMain.SPIN_MICROS,
            EchoServerMain.LOOPS,
            EchoServerMain.LOOPS,
            options.window(),
            options.warmupMillis(),
            options.roundMillis(),
            options.rounds()));
    for (BenchOptions.Mode mode : options.modes()) {
      table(md, mode);
    }
    memory(md);
    return md.toString();
  }

  private void table(StringBuilder md, BenchOptions.Mode mode) {
    md.append("## ").append(mode.label());
    md.append(" (").append(options.window(mode)).append(" in flight per connection)\n\n");
    md.append(
        "| size | conns | server | msg/s | vs Netty | vs raw | p50 µs | p99 µs | p99 vs Netty |"
            + " CPU µs/msg | B/msg | svc B/msg | GCs | load µs/msg | load busy |\n");
    md.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<String> generatorBound = new ArrayList<>();
    for (int size : options.sizes()) {
      for (int connections : options.connections()) {
        EchoBench.Cell cell = new EchoBench.Cell(mode, size, connections);
        CellResult netty = result(BASELINE, cell);
        CellResult raw = result(EchoBench.RAW_TCP, cell);
        for (EchoBench.ServerRun run : runs.values()) {
          md.append(row(cell, run, netty, raw));
          CellResult r = run.cell(cell);
          if (r != null && r.ok() && r.loadBusiest() >= GENERATOR_BOUND) {
            generatorBound.add(size(size) + " x " + connections + " " + run.server);
          }
        }
      }
    }
    md.append('\n');
    if (!generatorBound.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "**The load generator was near its limit** (a thread on CPU for %.0f%% or more of"
                  + " the window) in: %s. Those rows measure the generator as much as the server;"
                  + " run them again with more `--load-threads`.%n%n",
              GENERATOR_BOUND * 100,
              String.join(", ", generatorBound)));
    }
  }

  /** One table row: {@code server}'s figures in {@code cell} against the two baselines. */
  static String row(
      EchoBench.Cell cell, EchoBench.ServerRun run, CellResult netty, CellResult raw) {
    CellResult r = run.cell(cell);
    StringBuilder md = new StringBuilder();
    md.append("| ").append(size(cell.size())).append(" | ").append(cell.connections());
    md.append(" | ").append(run.server).append(" | ");
    if (r == null || !r.ok()) {
      String why = r == null ? String.valueOf(run.failure) : r.error();
      return md.append("failed: ")
          .append(why.replace('|', '/'))
          .append(" | | | | | | | | | | | |\n")
          .toString();
    }
    double rate = r.messagesPerSecond();
    md.append(number(rate, "%,.0f")).append(" | ");
    md.append(ratio(rate, netty == null ? Double.NaN : netty.messagesPerSecond())).append(" | ");
    md.append(ratio(rate, raw == null ? Double.NaN : raw.messagesPerSecond())).append(" | ");
    md.append(number(r.p50Micros(), "%,.0f")).append(" | ");
    md.append(number(r.p99Micros(), "%,.0f")).append(" | ");
    md.append(ratio(r.p99Micros(), netty == null ? Double.NaN : netty.p99Micros())).append(" | ");
    md.append(number(r.serverCpuMicrosPerMessage(), "%,.2f")).append(" | ");
    md.append(number(r.serverBytesPerMessage(), "%,.0f")).append(" | ");
    double service = r.serviceThreadBytesPerMessage();
    md.append(service < 0 ? "n/a" : number(service, "%.2f")).append(" | ");
    md.append(r.collections()).append(" | ");
    md.append(number(r.loadCpuMicrosPerMessage(), "%,.2f")).append(" | ");
    md.append(number(r.loadBusiest() * 100, "%.0f%%")).append(" |\n");
    return md.toString();
  }

  private void memory(StringBuilder md) {
    md.append("## Allocation and resident memory\n\n");
    md.append(
        "Service thread B/msg: bytes our service threads (one per loop) allocated per echo"
            + " (ThreadMXBean), over each cell's measure windows (target 0; the peers have no"
            + " single service thread). RSS from /proc/PID/status: after start (idle), after the"
            + " last cell (VmRSS) and the peak (VmHWM). Exit: the status after SIGTERM (ours stops"
            + " cleanly with 0; 143 is the JVM's default). Rounds retried: rounds run again after"
            + " a connection failed or stalled.\n\n");
    md.append(
        "| server | service thread B/msg (median, max) | whole JVM B/msg (median) | GCs in windows"
            + " | RSS idle MiB | RSS loaded MiB | peak RSS MiB | exit | rounds retried |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (EchoBench.ServerRun run : runs.values()) {
      double[] service = values(run, true);
      double[] all = values(run, false);
      long collections = 0;
      for (EchoBench.Cell cell : run.rounds.keySet()) {
        collections += run.cell(cell).collections();
      }
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
      md.append(all.length == 0 ? "n/a" : number(Stats.median(all), "%,.0f")).append(" | ");
      md.append(collections).append(" | ");
      md.append(mib(run.idle == null ? -1 : run.idle.rssKib())).append(" | ");
      md.append(mib(run.loaded == null ? -1 : run.loaded.rssKib())).append(" | ");
      md.append(mib(run.loaded == null ? -1 : run.loaded.peakKib())).append(" | ");
      md.append(run.exitStatus == null ? "n/a" : run.exitStatus).append(" | ");
      md.append(run.retries).append(" |\n");
    }
  }

  private CellResult result(String server, EchoBench.Cell cell) {
    EchoBench.ServerRun run = runs.get(server);
    CellResult r = run == null ? null : run.cell(cell);
    return r == null || !r.ok() ? null : r;
  }

  /** Each successful cell's median per-message allocation: service thread or whole JVM. */
  private static double[] values(EchoBench.ServerRun run, boolean serviceThread) {
    List<Double> list = new ArrayList<>();
    for (EchoBench.Cell cell : run.rounds.keySet()) {
      CellResult r = run.cell(cell);
      if (r.ok()) {
        double v = serviceThread ? r.serviceThreadBytesPerMessage() : r.serverBytesPerMessage();
        if (v >= 0) {
          list.add(v);
        }
      }
    }
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code value / baseline} as {@code 1.23×}, or {@code n/a} without a baseline. */
  static String ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f×", value / baseline);
  }

  private static String number(double value, String format) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }

  /** A size as the table shows it: {@code 16 B}, {@code 1 KiB}, {@code 60 KiB}. */
  static String size(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }

  /** One progress line for a cell. */
  static String oneLine(CellResult r) {
    if (r == null) {
      return "not run";
    }
    if (!r.ok()) {
      return "failed: " + r.error();
    }
    return String.format(
        Locale.ROOT,
        "%,10.0f msg/s  p99 %,7.0f µs  CPU %6.2f µs/msg  %,6.0f B/msg%s  GCs %d  load busy %3.0f%%",
        r.messagesPerSecond(),
        r.p99Micros(),
        r.serverCpuMicrosPerMessage(),
        r.serverBytesPerMessage(),
        r.serviceThreadBytesPerMessage() >= 0
            ? String.format(Locale.ROOT, " (svc %.2f)", r.serviceThreadBytesPerMessage())
            : "",
        r.collections(),
        r.loadBusiest() * 100);
  }
}
