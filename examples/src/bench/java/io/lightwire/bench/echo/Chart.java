package io.lightwire.bench.echo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG of a {@code bench echo} run (xchart, headless): throughput on top, p99 latency below, one
 * bar per server for each size and connection count.
 */
final class Chart {

  private static final int WIDTH = 1400;
  private static final int HEIGHT = 520;

  private Chart() {}

  static void write(BenchOptions options, Map<String, EchoBench.ServerRun> runs, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> categories = new ArrayList<>();
    for (int size : options.sizes()) {
      for (int connections : options.connections()) {
        categories.add(Report.size(size) + " ×" + connections);
      }
    }
    CategoryChart throughput = chart("Echo throughput (higher is better)", "messages per second");
    CategoryChart latency = chart("Echo round trip p99 (lower is better)", "microseconds");
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
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(
          List.of(throughput, latency), 2, 1, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static CategoryChart chart(String title, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("message size × connections")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }
}
