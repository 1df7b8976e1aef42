package io.lightwire.bench.echo;

import io.lightwire.bench.common.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/**
 * The PNG of a {@code bench echo} run (xchart, headless): throughput on top, p99 latency below, one
 * bar per server for each size and connection count.
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
    CategoryChart throughput =
        Charts.bars("Echo throughput (higher is better)", X_TITLE, "messages per second");
    CategoryChart latency =
        Charts.bars("Echo round trip p99 (lower is better)", X_TITLE, "microseconds");
    for (EchoBench.ServerRun run : runs.values()) {
      List<Double> rate = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int size : options.sizes()) {
        for (int connections : options.connections()) {
          EchoLoad.Result r = run.cells.get(new EchoBench.Cell(size, connections));
          boolean ok = r != null && r.error() == null;
          rate.add(ok ? r.messagesPerSecond() : 0.0); // a failed cell draws no bar
          p99.add(ok ? r.p99Micros() : 0.0);
        }
      }
      throughput.addSeries(run.server, categories, rate);
      latency.addSeries(run.server, categories, p99);
    }
    Charts.writePng(List.of(throughput, latency), file);
  }
}
