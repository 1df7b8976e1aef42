package io.lightwire.bench.common;

import java.util.Arrays;

/** Medians and percentiles as every benchmark's table shows them. */
public final class Stats {

  private Stats() {}

  /**
   * The nearest-rank percentile of {@code sorted} (ascending): the smallest sample with at least
   * {@code q} of the samples at or below it.
   *
   * @return the sample, or NaN when there are none
   */
  public static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The median of {@code values} (the mean of the middle two for an even count; NaN for none). */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] copy = values.clone();
    Arrays.sort(copy);
    int n = copy.length;
    return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
  }
}
