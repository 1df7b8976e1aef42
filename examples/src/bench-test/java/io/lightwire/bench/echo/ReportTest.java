package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Medians of rounds, ratios against Netty and the raw TCP echo, and the rows of the report. */
class ReportTest {

  private static final EchoBench.Cell CELL =
      new EchoBench.Cell(BenchOptions.Mode.PIPELINE, 1024, 16);

  @Test
  void eachFigureIsTheMedianOfItsRoundsAndCollectionsAreSummed() {
    CellResult cell =
        CellResult.of(List.of(round(300, 90, 1), round(100, 10, 0), round(200, 50, 2)));
    assertEquals(200, cell.messagesPerSecond());
    assertEquals(50, cell.p99Micros());
    assertEquals(3, cell.collections());
    assertEquals(0.5, cell.loadBusiest(), "the busiest round's generator");
  }

  @Test
  void aRowShowsRatiosAgainstNettyAndRawTcp() {
    EchoBench.ServerRun ours =
        run("lightwire", round(200, 50, 0), round(220, 40, 0), round(180, 60, 0));
    EchoBench.ServerRun netty = run("netty", round(100, 100, 0));
    EchoBench.ServerRun raw = run("raw-tcp", round(400, 25, 0));
    List<String> cells = cells(Report.row(CELL, ours, netty.cell(CELL), raw.cell(CELL)));
    assertEquals(List.of("1 KiB", "16", "lightwire", "200", "2.00×", "0.50×"), cells.subList(0, 6));
    assertEquals("0.50×", cells.get(8), "p99 50 against Netty's 100");
    assertEquals("0.00", cells.get(11), "our service thread's B/msg");
    assertEquals("37%", cells.get(14), "load busy: the busiest round, 220 / 600");
    List<String> nettyCells = cells(Report.row(CELL, netty, netty.cell(CELL), null));
    assertEquals("1.00×", nettyCells.get(4));
    assertEquals("n/a", nettyCells.get(5), "no raw TCP run: no ratio");
    assertEquals("n/a", nettyCells.get(11), "netty has no single service thread");
  }

  @Test
  void aFailedRoundFailsTheCellAndTheRowSaysWhy() {
    EchoBench.ServerRun run =
        run("jetty", round(100, 1, 0), RoundResult.failed("no echo | at all"));
    String row = Report.row(CELL, run, null, null);
    assertTrue(row.startsWith("| 1 KiB | 16 | jetty | failed: no echo / at all |"), row);
    assertEquals(15, cells(row).size(), "as many cells as the header: " + row);
  }

  @Test
  void theMarkdownHasATablePerModeAndTheMemoryTable() {
    BenchOptions options =
        BenchOptions.parse(new String[] {"--sizes", "1024", "--connections", "16"});
    EchoBench.ServerRun ours = run("lightwire", round(200, 50, 0));
    ours.add(new EchoBench.Cell(BenchOptions.Mode.ECHO, 1024, 16), round(50, 20, 0));
    String md = new Report(options, Map.of("lightwire", ours)).markdown();
    assertTrue(md.contains("## echo (1 in flight per connection)"), md);
    assertTrue(md.contains("## pipeline (64 in flight per connection)"), md);
    assertTrue(md.contains("-Xmx64m -XX:+UseSerialGC"), md);
    assertTrue(md.contains("| lightwire | 0.00, 0.00 | 8 | 0 |"), md);
  }

  @Test
  void theHeaderSaysWhereTheGeneratorAndTheServersRan() {
    BenchOptions split =
        BenchOptions.parse(new String[] {"--sizes", "16"}, CpuSplitTest.cpus(0, 1, 2, 3));
    String md = new Report(split, Map.of()).markdown();
    assertTrue(
        md.startsWith(
            "# Echo benchmark\n\nLoopback; the load generator on CPUs 0-1 and every server on"
                + " CPUs 2-3 (taskset): they share no core, as on two machines; Java "),
        md);
    BenchOptions shared =
        BenchOptions.parse(
            new String[] {"--sizes", "16", "--placement", "shared"}, CpuSplitTest.cpus(0, 1));
    md = new Report(shared, Map.of()).markdown();
    assertTrue(
        md.contains(
            "CPUs shared by the load generator and every server (--placement shared, or one CPU)"),
        md);
  }

  @Test
  void cellsWhereTheGeneratorWasNearItsLimitAreNamedUnderTheTable() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {"--sizes", "1024", "--connections", "16", "--modes", "pipeline"});
    EchoBench.ServerRun raw = run("raw-tcp", round(570, 10, 0));
    EchoBench.ServerRun ours = run("lightwire", round(300, 10, 0));
    Map<String, EchoBench.ServerRun> runs = new java.util.LinkedHashMap<>();
    runs.put("lightwire", ours);
    runs.put("raw-tcp", raw);
    String md = new Report(options, runs).markdown();
    assertTrue(
        md.contains("**The load generator was near its limit** (a thread on CPU for 90% or more"),
        md);
    assertTrue(md.contains("in: 1 KiB x 16 raw-tcp. Those rows"), "only raw-tcp (95%): " + md);
  }

  @Test
  void theHeaderNamesAVirtualMachinesIdlePollWindow(@TempDir Path sys) throws IOException {
    assertEquals("", Report.idleWakeUp(sys), "no cpuidle in sysfs: nothing to say");
    Path driver = sys.resolve("devices/system/cpu/cpuidle/current_driver");
    Files.createDirectories(driver.getParent());
    Files.writeString(driver, "acpi_idle\n");
    assertEquals("", Report.idleWakeUp(sys), "bare metal's driver has no poll window");
    Files.writeString(driver, "haltpoll\n");
    Path window = sys.resolve("module/haltpoll/parameters/guest_halt_poll_ns");
    Files.createDirectories(window.getParent());
    Files.writeString(window, "0\n");
    assertEquals(
        " Virtual CPUs: an idle one polls up to 0 ns before it halts (haltpoll,"
            + " guest_halt_poll_ns); past that each wake-up is a hypervisor exit.",
        Report.idleWakeUp(sys));
  }

  private static RoundResult round(double rate, double p99, long collections) {
    return new RoundResult(rate, p99 / 2, p99, 1.5, 8, 0, collections, 0.7, rate / 600, null);
  }

  private static EchoBench.ServerRun run(String server, RoundResult... rounds) {
    EchoBench.ServerRun run = new EchoBench.ServerRun(server);
    if (server.equals("netty") || server.equals("raw-tcp") || server.equals("jetty")) {
      rounds =
          Arrays.stream(rounds)
              .map(
                  r ->
                      r.error() != null
                          ? r
                          : new RoundResult(
                              r.messagesPerSecond(),
                              r.p50Micros(),
                              r.p99Micros(),
                              1.5,
                              8,
                              -1,
                              r.collections(),
                              0.7,
                              r.loadBusiest(),
                              null))
              .toArray(RoundResult[]::new);
    }
    for (RoundResult r : rounds) {
      run.add(CELL, r);
    }
    return run;
  }

  private static List<String> cells(String row) {
    String line = row.strip();
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
        .map(String::strip)
        .toList();
  }
}
