package io.lightwire.bench.echo;

import io.lightwire.bench.common.Stats;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One server's figures for one cell: the median of its rounds for each figure (taken separately, as
 * each round is noisy in its own way), the garbage collections of all its windows together.
 *
 * @param rounds the rounds it is made of, in the order they ran
 * @param error why the cell failed (a round failed every try), or null
 */
record CellResult(List<RoundResult> rounds, String error) {

  /** The cell of {@code rounds}: failed when any of them failed. */
  static CellResult of(List<RoundResult> rounds) {
    for (RoundResult r : rounds) {
      if (r.error() != null) {
        return new CellResult(List.copyOf(rounds), r.error());
      }
    }
    return new CellResult(List.copyOf(rounds), rounds.isEmpty() ? "no round ran" : null);
  }

  boolean ok() {
    return error == null;
  }

  double messagesPerSecond() {
    return median(RoundResult::messagesPerSecond);
  }

  double p50Micros() {
    return median(RoundResult::p50Micros);
  }

  double p99Micros() {
    return median(RoundResult::p99Micros);
  }

  double serverCpuMicrosPerMessage() {
    return median(RoundResult::serverCpuMicrosPerMessage);
  }

  double serverBytesPerMessage() {
    return median(RoundResult::serverBytesPerMessage);
  }

  /** Median over the rounds, -1 when the server has no service thread of ours. */
  double serviceThreadBytesPerMessage() {
    return median(RoundResult::serviceThreadBytesPerMessage);
  }

  long collections() {
    return rounds.stream().mapToLong(RoundResult::collections).sum();
  }

  double loadCpuMicrosPerMessage() {
    return median(RoundResult::loadCpuMicrosPerMessage);
  }

  /**
   * The busiest generator thread of the busiest round (0-1): near 1, the generator was the limit.
   */
  double loadBusiest() {
    return rounds.stream().mapToDouble(RoundResult::loadBusiest).max().orElse(Double.NaN);
  }

  private double median(ToDoubleFunction<RoundResult> figure) {
    return Stats.median(rounds.stream().mapToDouble(figure).toArray());
  }
}
