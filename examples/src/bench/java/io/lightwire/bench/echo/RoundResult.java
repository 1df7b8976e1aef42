package io.lightwire.bench.echo;

import io.lightwire.bench.common.Stats;

/**
 * What one server did in one measured round of one cell.
 *
 * @param messagesPerSecond echoes completed per second in the window, all connections together
 * @param p50Micros median round trip, microseconds (in pipeline mode: from the write of a message's
 *     frame to the read that completed its echo)
 * @param p99Micros 99th percentile round trip, microseconds
 * @param serverCpuMicrosPerMessage the server process's user+system CPU per echo, microseconds
 * @param serverBytesPerMessage bytes the server's whole JVM allocated per echo
 * @param serviceThreadBytesPerMessage bytes our service thread allocated per echo (-1: none)
 * @param collections garbage collections of the server in the window
 * @param loadCpuMicrosPerMessage the load generator threads' CPU per echo, microseconds
 * @param loadBusiest the largest share of the window one generator thread was on CPU (0-1)
 * @param error why the round failed, or null
 */
record RoundResult(
    double messagesPerSecond,
    double p50Micros,
    double p99Micros,
    double serverCpuMicrosPerMessage,
    double serverBytesPerMessage,
    double serviceThreadBytesPerMessage,
    long collections,
    double loadCpuMicrosPerMessage,
    double loadBusiest,
    String error) {

  static RoundResult failed(String error) {
    double n = Double.NaN;
    return new RoundResult(n, n, n, n, n, n, 0, n, n, error);
  }

  /** The round's figures from the generator's count and the server's counters around the window. */
  static RoundResult of(
      LoadGenerator.Measured load,
      ServerProcess.Counters before,
      ServerProcess.Counters after,
      long windowMillis) {
    if (load.error() != null) {
      return failed(load.error());
    }
    double messages = load.messages();
    double cpuMicros =
        before.cpuTicks() < 0 || after.cpuTicks() < 0
            ? Double.NaN
            : (after.cpuTicks() - before.cpuTicks()) * 1e6 / ProcCpu.TICKS_PER_SECOND;
    double service =
        before.serviceThread() < 0 || after.serviceThread() < 0
            ? -1
            : (after.serviceThread() - before.serviceThread()) / messages;
    return new RoundResult(
        messages * 1000.0 / windowMillis,
        Stats.percentile(load.sortedLatencies(), 0.50) / 1000.0,
        Stats.percentile(load.sortedLatencies(), 0.99) / 1000.0,
        cpuMicros / messages,
        (after.allThreads() - before.allThreads()) / messages,
        service,
        after.collections() - before.collections(),
        load.cpuNanos() / 1000.0 / messages,
        load.busiestThread(),
        null);
  }
}
