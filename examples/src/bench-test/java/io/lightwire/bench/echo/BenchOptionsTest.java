package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line: defaults from the issue, {@code --quick}, modes, and errors naming the option.
 */
class BenchOptionsTest {

  @Test
  void defaultsAreTheIssuesMeasurement() {
    BenchOptions o = BenchOptions.parse(new String[0]);
    assertEquals(
        List.of(
            "lightwire",
            "lightwire-spin",
            "lightwire-loops",
            "netty",
            "jetty",
            "java-websocket",
            "raw-tcp"),
        o.servers());
    assertEquals(List.of(BenchOptions.Mode.ECHO, BenchOptions.Mode.PIPELINE), o.modes());
    assertEquals(1, o.window(BenchOptions.Mode.ECHO));
    assertEquals(64, o.window(BenchOptions.Mode.PIPELINE));
    assertEquals(List.of(16, 1024, 16_384, 61_440), o.sizes());
    assertEquals(List.of(1, 16, 128), o.connections());
    assertEquals(128, o.maxConnections());
    assertEquals(3, o.rounds());
    assertEquals(
        List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:AutoBoxCacheMax=8192"), o.jvmOptions());
  }

  @Test
  void quickIsShorterAndLaterOptionsStillApply() {
    BenchOptions o =
        BenchOptions.parse(new String[] {"--modes", "pipeline", "--quick", "--window", "8"});
    assertTrue(o.quick());
    assertEquals(List.of(16, 16_384), o.sizes());
    assertEquals(List.of(1, 16), o.connections());
    assertEquals(List.of(BenchOptions.Mode.PIPELINE), o.modes());
    assertEquals(8, o.window(BenchOptions.Mode.PIPELINE));
    assertTrue(o.roundMillis() < BenchOptions.defaults().roundMillis());
  }

  @Test
  void badValuesNameTheOptionAndTheValue() {
    assertEquals(
        "--modes: no mode named 'burst'; known: echo, pipeline",
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--modes", "echo,burst"}))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--window", "0"}))
            .getMessage()
            .contains("--window"));
  }

  @Test
  void byDefaultTheGeneratorAndTheServersGetHalvesOfTheCpus() {
    assertEquals(new CpuSplit("0", "1"), split(cpus(0, 1)));
    assertEquals(new CpuSplit("0-1", "2-3"), split(cpus(0, 1, 2, 3)));
    assertEquals(new CpuSplit("2", "3,5"), split(cpus(2, 3, 5)), "a cpuset that starts above 0");
    assertNull(split(cpus(0)), "one CPU: the scheduler places both");
    assertNull(
        BenchOptions.parse(new String[] {"--placement", "shared"}, cpus(0, 1)).cpuSplit(),
        "asked to share");
    assertEquals(
        new CpuSplit("0", "1"),
        BenchOptions.parse(new String[] {"--placement", "split"}, cpus(0, 1)).cpuSplit());
  }

  @Test
  void theCpuListsChooseTheSplit() {
    BenchOptions o =
        BenchOptions.parse(
            new String[] {"--load-cpus", "0,2", "--server-cpus", "1,3-5"}, cpus(0, 1, 2, 3, 4, 5));
    assertEquals(new CpuSplit("0,2", "1,3-5"), o.cpuSplit());
    assertEquals(List.of("taskset", "-c", "1,3-5"), o.cpuSplit().launcher());
  }

  @Test
  void aBadCpuSplitNamesTheOptionAndTheValue() {
    assertEquals("--load-cpus and --server-cpus go together", cpuError("--load-cpus", "0"));
    assertEquals(
        "--server-cpus: CPU 2 in '1-2', but this process may run on CPUs 0-1",
        cpuError("--load-cpus", "0", "--server-cpus", "1-2"));
    for (String notAList : List.of("x", "1-0", "0,", "0-1-2", "-1")) {
      assertEquals(
          "--load-cpus: '" + notAList + "' is not a CPU list (0,2-3)",
          cpuError("--load-cpus", notAList, "--server-cpus", "1"));
    }
    assertEquals(
        "--load-cpus 0-1 and --server-cpus 1 share CPU 1: the point is that they share none",
        cpuError("--load-cpus", "0-1", "--server-cpus", "1"));
    assertEquals(
        "--placement shared and --load-cpus/--server-cpus contradict each other",
        cpuError("--placement", "shared", "--load-cpus", "0", "--server-cpus", "1"));
    assertEquals(
        "--placement: 'apart' is neither split nor shared", cpuError("--placement", "apart"));
  }

  private static CpuSplit split(BitSet cpus) {
    return BenchOptions.parse(new String[0], cpus).cpuSplit();
  }

  private static BitSet cpus(int... cpus) {
    return CpuSplitTest.cpus(cpus);
  }

  /** The error of parsing {@code args} in a process that may run on CPUs 0 and 1. */
  private static String cpuError(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args, cpus(0, 1)))
        .getMessage();
  }
}
