package io.lightwire.bench.camera;

import io.lightwire.bench.common.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * The PNG of a {@code bench camera} run: frames per second per viewer (median, slowest, and what
 * the camera captured) on top, capture-to-receive latency (p50, p99) below, one group of bars per
 * cell.
 */
final class CameraChart {

  private static final String X_TITLE = "viewers (+ slow: with one slow viewer)";

  private CameraChart() {}

  static void write(CameraBench.Run run, Path file) throws IOException {
    List<String> categories = new ArrayList<>();
    List<Double> median = new ArrayList<>();
    List<Double> min = new ArrayList<>();
    List<Double> capture = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (var e : run.cells.entrySet()) {
      CameraLoad.Result r = e.getValue();
      boolean ok = r.error() == null;
      categories.add(CameraReport.label(e.getKey()));
      median.add(ok ? r.fpsMedian() : 0.0); // a failed cell draws no bar
      min.add(ok ? r.fpsMin() : 0.0);
      capture.add(ok ? r.captureFps() : 0.0);
      p50.add(ok ? r.p50Micros() / 1000 : 0.0);
      p99.add(ok ? r.p99Micros() / 1000 : 0.0);
    }
    CategoryChart fps =
        Charts.bars(
            String.format(
                "Camera %dx%d at %d fps: frames per second per viewer (higher is better)",
                run.options.width(), run.options.height(), run.options.fps()),
            X_TITLE,
            "frames per second");
    fps.addSeries("median viewer", categories, median);
    fps.addSeries("slowest viewer", categories, min);
    fps.addSeries("captured", categories, capture);
    CategoryChart latency =
        Charts.bars("Capture-to-receive latency (lower is better)", X_TITLE, "milliseconds");
    latency.addSeries("p50", categories, p50);
    latency.addSeries("p99", categories, p99);
    Charts.writePng(List.of(fps, latency), file);
  }
}
