package io.lightwire.bench.echo;

import io.lightwire.bench.common.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/**
 * The PNG of a {@code bench echo} run (xchart, headless): one throughput chart per mode, one bar
 * per server for each size and connection count; with one mode, its p99 latency below.
 */
final class Chart {

  private static final String X_TITLE = "message size × connections";

  private Chart() {}

  static void write(BenchOptions options, Map<String, EchoBench.ServerRun> runs, Path file)
      throws IOException {
    List<String> categories = new ArrayList<>();
    for (int size : options.sizes()) {
      for (int connections : options.connections()) {
        categories.add(Report.size(size) + " ×" + connections);
      }
    }
    List<CategoryChart> charts = new ArrayList<>();
    CategoryChart latency = null;
    for (BenchOptions.Mode mode : options.modes()) {
      CategoryChart throughput =
          Charts.bars(
              mode.label()
                  + " throughput, "
                  + options.window(mode)
                  + " in flight (higher is better)",
              X_TITLE,
              "messages per second");
      charts.add(throughput);
      if (options.modes().size() == 1) {
        latency = Charts.bars(mode.label() + " p99 (lower is better)", X_TITLE, "microseconds");
      }
      for (EchoBench.ServerRun run : runs.values()) {
        List<Double> rate = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int size : options.sizes()) {
          for (int connections : options.connections()) {
            CellResult r = run.cell(new EchoBench.Cell(mode, size, connections));
            boolean ok = r != null && r.ok();
            rate.add(ok ? r.messagesPerSecond() : 0.0); // a failed cell draws no bar
            p99.add(ok ? r.p99Micros() : 0.0);
          }
        }
        throughput.addSeries(run.server, categories, rate);
        if (latency != null) {
          latency.addSeries(run.server, categories, p99);
        }
      }
    }
    if (latency != null) {
      charts.add(latency);
    }
    Charts.writePng(charts, file);
  }
}
