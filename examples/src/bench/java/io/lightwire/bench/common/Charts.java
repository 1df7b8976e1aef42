package io.lightwire.bench.common;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The benchmarks' PNG charts (xchart, headless): bar charts of one style, stacked one above the
 * other in one image.
 */
public final class Charts {

  /** Width of every chart, pixels. */
  public static final int WIDTH = 1400;

  /** Height of one chart, pixels; an image of {@code n} charts is {@code n} times as high. */
  public static final int HEIGHT = 520;

  private Charts() {}

  /** An empty bar chart with the benchmarks' style. */
  public static CategoryChart bars(String title, String xTitle, String yTitle) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  /** Writes {@code charts} one above the other as one PNG. */
  public static void writePng(List<CategoryChart> charts, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
