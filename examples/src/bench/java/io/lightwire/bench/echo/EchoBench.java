package io.lightwire.bench.echo;

import io.lightwire.bench.common.ProcMemory;
import io.lightwire.firmware.Bench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lightwire bench echo}: echo throughput and round-trip latency of our server side by side
 * with Netty 4.2, Jetty 12 and Java-WebSocket, for each message size and connection count, plus the
 * bytes allocated per message (our service thread, and each server's whole JVM) and each server's
 * resident memory. Each server runs alone in a child JVM of its own while it is measured; the load
 * comes from one client implementation for all. Prints a Markdown table and writes it, with a PNG
 * chart, to {@code --out}.
 */
public final class EchoBench implements Bench {

  /** Our server's name in the tables. */
  static final String OURS = "lightwire";

  /** How many times a failed cell is run before it is reported as failed. */
  static final int MAX_TRIES = 3;

  /** Creates the benchmark (found through {@link java.util.ServiceLoader}). */
  public EchoBench() {}

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String summary() {
    return "echo throughput, latency, allocation and RSS: lightwire vs Netty, Jetty, Java-WebSocket";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException, InterruptedException {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("bench echo: " + e.getMessage());
      out.println(BenchOptions.USAGE);
      return 2;
    }
    Files.createDirectories(options.out());
    int maxConnections = options.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
    Map<String, ServerRun> runs = new LinkedHashMap<>();
    for (String server : options.servers()) {
      ServerRun run = new ServerRun(server);
      runs.put(server, run);
      Path log = options.out().resolve("echo-" + server + ".log");
      out.printf("bench echo: %s (log %s)%n", server, log);
      try (ServerProcess process =
          ServerProcess.start(server, maxConnections, options.jvmOptions(), log)) {
        run.idle = process.memory();
        for (int size : options.sizes()) {
          for (int connections : options.connections()) {
            EchoLoad.Plan plan =
                new EchoLoad.Plan(
                    size,
                    connections,
                    options.warmupMillis(),
                    options.rounds(),
                    options.roundMillis());
            EchoLoad.Result result = EchoLoad.run(process, plan);
            // A stalled echo (seen with Java-WebSocket, see docs/decisions.md) fails the cell; it
            // is run again, up to MAX_TRIES times, and the retries are reported.
            for (int tries = 1; result.error() != null && tries < MAX_TRIES; tries++) {
              out.printf(
                  "  %6s x %3d: %s; trying again%n",
                  Report.size(size), connections, result.error());
              run.retries++;
              result = EchoLoad.run(process, plan);
            }
            run.cells.put(new Cell(size, connections), result);
            out.printf(
                "  %6s x %3d: %s%n",
                Report.size(size), connections, Report.oneLine(result));
          }
        }
        run.loaded = process.memory();
        run.exitStatus = process.stop();
      } catch (IOException e) {
        run.failure = e.getMessage();
        out.println("  failed: " + e.getMessage());
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

  /** A table cell's coordinates. */
  record Cell(int size, int connections) {}

  /** What one server did over the whole run. */
  static final class ServerRun {
    final String server;
    final Map<Cell, EchoLoad.Result> cells = new LinkedHashMap<>();
    ProcMemory idle;
    ProcMemory loaded;
    Integer exitStatus;
    String failure;
    int retries;

    ServerRun(String server) {
      this.server = server;
    }
  }
}
