package io.lightwire.firmware.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Flashes several boards: the first {@code canary} of them first (stopping when one of them does
 * not end installed), then the rest, at most {@code parallel} at a time, and prints a summary
 * table. Each board's lines go to the shared output prefixed with its login, a whole line at a
 * time, so boards flashed at once stay readable.
 */
final class FleetFlash {

  /**
   * How one board's flash ended.
   *
   * @param host the board's login as written in the summary
   * @param before the release current before ({@code ""} when none or unknown)
   * @param after the release current after ({@code ""} when none, {@code ?} when unknown)
   * @param result {@code installed}, {@code rolled back}, {@code stopped}, {@code failed} or {@code
   *     skipped}
   * @param seconds how long it took
   */
  record HostResult(String host, String before, String after, String result, double seconds) {
    boolean installed() {
      return result.equals("installed");
    }
  }

  private FleetFlash() {}

  /**
   * Flashes {@code hosts} with {@code flashOne} and prints the summary to {@code out}.
   *
   * @param flashOne flashes one board, printing to the writer it is given; never throws
   * @return the results in the order of {@code hosts}
   */
  static List<HostResult> run(
      List<FleetHosts.Host> hosts,
      int parallel,
      int canary,
      PrintWriter out,
      java.util.function.BiFunction<FleetHosts.Host, PrintWriter, HostResult> flashOne) {
    List<HostResult> results = new ArrayList<>();
    int canaries = Math.min(canary, hosts.size());
    if (canaries > 0) {
      out.printf("fleet: %d canary board(s) first%n", canaries);
      results.addAll(batch(hosts.subList(0, canaries), parallel, out, flashOne));
      if (!results.stream().allMatch(HostResult::installed)) {
        out.println("fleet: a canary failed; the other boards are left as they are");
        for (FleetHosts.Host host : hosts.subList(canaries, hosts.size())) {
          results.add(new HostResult(host.label(), "", "", "skipped", 0));
        }
        summary(results, out);
        return results;
      }
    }
    results.addAll(batch(hosts.subList(canaries, hosts.size()), parallel, out, flashOne));
    summary(results, out);
    return results;
  }

  private static List<HostResult> batch(
      List<FleetHosts.Host> hosts,
      int parallel,
      PrintWriter out,
      java.util.function.BiFunction<FleetHosts.Host, PrintWriter, HostResult> flashOne) {
    if (hosts.isEmpty()) {
      return List.of();
    }
    List<HostResult> results = new ArrayList<>();
    Function<FleetHosts.Host, HostResult> task =
        host -> {
          try (PrintWriter prefixed =
              new PrintWriter(new LinePrefixWriter(out, "[" + host.label() + "] "), true)) {
            return flashOne.apply(host, prefixed);
          }
        };
    // Platform threads: each flash blocks on SSH and sleeps between health probes.
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, hosts.size()))) {
      List<Future<HostResult>> futures = new ArrayList<>();
      for (FleetHosts.Host host : hosts) {
        futures.add(pool.submit(() -> task.apply(host)));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          out.println("[" + hosts.get(i).label() + "] error: " + e.getCause());
          results.add(new HostResult(hosts.get(i).label(), "", "?", "failed", 0));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(new HostResult(hosts.get(i).label(), "", "?", "failed", 0));
        }
      }
    }
    return results;
  }

  /** The table: host, release before and after, result, time. */
  static void summary(List<HostResult> results, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"HOST", "BEFORE", "AFTER", "RESULT", "TIME"});
    for (HostResult r : results) {
      rows.add(
          new String[] {
            r.host(),
            shown(r.before()),
            shown(r.after()),
            r.result(),
            r.result().equals("skipped") ? "-" : String.format("%.1f s", r.seconds())
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    long failed = results.stream().filter(r -> !r.installed()).count();
    out.printf(
        "fleet: %d of %d board(s) installed%s%n",
        results.size() - failed, results.size(), failed == 0 ? "" : ", " + failed + " not");
  }

  /** A release path shown by its name: {@code releases/R} as {@code R}, none as {@code -}. */
  private static String shown(String release) {
    if (release.isEmpty()) {
      return "-";
    }
    return release.startsWith("releases/") ? release.substring("releases/".length()) : release;
  }

  /** Writes whole lines to a shared writer, each with a prefix, under the writer's lock. */
  private static final class LinePrefixWriter extends Writer {
    private final PrintWriter target;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    LinePrefixWriter(PrintWriter target, String prefix) {
      this.target = target;
      this.prefix = prefix;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        char c = chars[i];
        if (c == '\n') {
          emit();
        } else if (c != '\r') {
          line.append(c);
        }
      }
    }

    private void emit() {
      synchronized (target) {
        target.println(prefix + line);
      }
      line.setLength(0);
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {
      if (!line.isEmpty()) {
        emit();
      }
      flush();
    }
  }
}
