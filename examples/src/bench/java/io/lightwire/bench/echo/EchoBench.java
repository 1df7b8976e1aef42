package io.lightwire.bench.echo;

import io.lightwire.bench.common.Args;
import io.lightwire.bench.common.ProcMemory;
import io.lightwire.firmware.Bench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lightwire bench echo}: throughput, latency, CPU and allocation per message of our server
 * side by side with Netty 4.2, Jetty 12.1, Java-WebSocket 1.6 and a raw TCP byte echo (the
 * ceiling), in echo mode (one message in flight per connection) and pipeline mode (a window of
 * messages in flight), for each message size and connection count. Every server runs in a child JVM
 * of its own with the same options; all are started first and the rounds of each cell rotate
 * through them, so that the machine's noise spreads evenly. The load comes from one lean NIO
 * generator for all ({@link LoadGenerator}). Prints a Markdown table and writes it, with a PNG
 * chart, to {@code --out}.
 */
public final class EchoBench implements Bench {

  /** Our server's name in the tables. */
  static final String OURS = "lightwire";

  /**
   * Our server with a busy-poll window ({@link EchoServerMain#SPIN_MICROS}), next to the default.
   */
  static final String OURS_SPINNING = "lightwire-spin";

  /**
   * Our server with two service loops on one port ({@code echo-server --loops 2}: one per core
   * here), next to the default one.
   */
  static final String OURS_LOOPS = "lightwire-loops";

  /** The raw TCP byte echo's name in the tables. */
  static final String RAW_TCP = "raw-tcp";

  /** How many times a failed round is run before the cell is reported as failed. */
  static final int MAX_TRIES = 3;

  /** Creates the benchmark (found through {@link java.util.ServiceLoader}). */
  public EchoBench() {}

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String summary() {
    return "echo and pipelined echo: lightwire vs Netty, Jetty, Java-WebSocket, raw TCP";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException, InterruptedException {
    Args.Parsed<BenchOptions> parsed =
        Args.parse(name(), BenchOptions.USAGE, args, BenchOptions::parse, out);
    BenchOptions options = parsed.options();
    if (options == null) {
      return parsed.exit();
    }
    Files.createDirectories(options.out());
    CpuSplit split = options.cpuSplit();
    if (split != null) {
      try {
        split.pinThisProcess();
      } catch (IOException e) {
        out.println("bench echo: " + e.getMessage());
        return 1;
      }
      out.printf(
          "bench echo: load generator on CPUs %s, servers on CPUs %s%n",
          split.load(), split.servers());
    }
    List<String> launcher = split == null ? List.of() : split.launcher();
    Map<String, ServerRun> runs = new LinkedHashMap<>();
    Map<String, ServerProcess> processes = new LinkedHashMap<>();
    try {
      for (String server : options.servers()) {
        ServerRun run = new ServerRun(server);
        runs.put(server, run);
        Path log = options.out().resolve("echo-" + server + ".log");
        out.printf("bench echo: starting %s (log %s)%n", server, log);
        try {
          ServerProcess p =
              ServerProcess.start(
                  server, options.maxConnections(), options.jvmOptions(), launcher, log);
          processes.put(server, p);
          run.idle = p.memory();
        } catch (IOException e) {
          run.failure = e.getMessage();
          out.println("  failed: " + e.getMessage());
        }
      }
      List<String> order = new ArrayList<>(processes.keySet());
      int cellIndex = 0;
      for (Cell cell : cells(options)) {
        for (int round = 0; round < options.rounds(); round++) {
          for (int k = 0; k < order.size(); k++) {
            // Each round starts with another server, so none always runs first or last.
            String server = order.get((k + round + cellIndex) % order.size());
            runs.get(server)
                .add(cell, round(processes.get(server), cell, options, runs.get(server), out));
          }
        }
        for (String server : order) {
          out.printf(
              "  %-40s %-15s %s%n", cell, server, Report.oneLine(runs.get(server).cell(cell)));
        }
        cellIndex++;
      }
      for (String server : order) {
        ServerRun run = runs.get(server);
        run.loaded = processes.get(server).memory();
        run.exitStatus = processes.get(server).stop();
      }
    } finally {
      for (ServerProcess p : processes.values()) {
        p.close();
      }
    }
    Report report = new Report(options, runs);
    String markdown = report.markdown();
    Path table = options.out().resolve("echo.md");
    Files.writeString(table, markdown, StandardCharsets.UTF_8);
    Path chart = options.out().resolve("echo.png");
    Chart.write(options, runs, chart);
    out.println();
    out.print(markdown);
    out.println();
    out.println("bench echo: wrote " + table + " and " + chart);
    return 0;
  }

  /** Every cell of a run, in the order they run (and the tables list them). */
  static List<Cell> cells(BenchOptions options) {
    List<Cell> cells = new ArrayList<>();
    for (BenchOptions.Mode mode : options.modes()) {
      for (int size : options.sizes()) {
        for (int connections : options.connections()) {
          cells.add(new Cell(mode, size, connections));
        }
      }
    }
    return cells;
  }

  /** One measured round, tried again (up to {@link #MAX_TRIES}) when it fails. */
  private static RoundResult round(
      ServerProcess server, Cell cell, BenchOptions options, ServerRun run, PrintStream out)
      throws InterruptedException {
    RoundResult result = null;
    for (int tries = 0; tries < MAX_TRIES; tries++) {
      if (tries > 0) {
        out.printf("  %s %s: %s; trying again%n", cell, run.server, result.error());
        run.retries++;
      }
      long logged = server.logLength();
      result = measure(server, cell, options);
      if (result.error() == null) {
        break;
      }
      String memory = server.outOfMemorySince(logged);
      if (memory != null) {
        result = RoundResult.failed(result.error() + "; the server's log: " + memory);
      }
    }
    return result;
  }

  private static RoundResult measure(ServerProcess server, Cell cell, BenchOptions options)
      throws InterruptedException {
    LoadGenerator.Plan plan =
        new LoadGenerator.Plan(
            cell.size(),
            cell.connections(),
            options.window(cell.mode()),
            options.loadThreads(),
            options.warmupMillis(),
            options.roundMillis(),
            !server.name().equals(RAW_TCP));
    ServerProcess.Counters[] edges = new ServerProcess.Counters[2];
    try {
      LoadGenerator.Measured load =
          LoadGenerator.run(server.port(), plan, start -> edges[start ? 0 : 1] = server.counters());
      return RoundResult.of(load, edges[0], edges[1], options.roundMillis());
    } catch (IOException e) {
      return RoundResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A table cell's coordinates. */
  record Cell(BenchOptions.Mode mode, int size, int connections) {
    @Override
    public String toString() {
      return mode.label() + " " + Report.size(size) + " x " + connections;
    }
  }

  /** What one server did over the whole run. */
  static final class ServerRun {
    final String server;
    final Map<Cell, List<RoundResult>> rounds = new LinkedHashMap<>();
    ProcMemory idle;
    ProcMemory loaded;
    Integer exitStatus;
    String failure;
    int retries;

    ServerRun(String server) {
      this.server = server;
    }

    void add(Cell cell, RoundResult round) {
      rounds.computeIfAbsent(cell, c -> new ArrayList<>()).add(round);
    }

    /** The cell's result, or null when the server never ran it. */
    CellResult cell(Cell cell) {
      List<RoundResult> list = rounds.get(cell);
      return list == null ? null : CellResult.of(list);
    }
  }
}
