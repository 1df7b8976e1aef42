package io.lightwire.bench.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

/**
 * Which CPUs the load generator runs on and which the servers run on ({@code --load-cpus} and
 * {@code --server-cpus}), so that on one machine the two do not take turns on a core, as they would
 * not on two machines. Applied with util-linux's {@code taskset}: this process (the generator) is
 * moved to {@link #load}, and every server's JVM starts under {@link #launcher()}.
 *
 * @param load the generator's CPUs, a taskset list ({@code 0}, {@code 0-1}, {@code 0,2})
 * @param servers the servers' CPUs, the same form, sharing none with {@code load}
 */
record CpuSplit(String load, String servers) {

  /**
   * Checks both lists against {@code cpus}, the CPUs this process may run on.
   *
   * @throws IllegalArgumentException naming the option and the value: a list that is not one, a CPU
   *     outside {@code cpus}, or a CPU in both lists
   */
  static CpuSplit parse(String load, String servers, BitSet cpus) {
    BitSet l = cpus("--load-cpus", load, cpus);
    BitSet s = cpus("--server-cpus", servers, cpus);
    if (l.intersects(s)) {
      BitSet both = (BitSet) l.clone();
      both.and(s);
      throw new IllegalArgumentException(
          "--load-cpus "
              + load
              + " and --server-cpus "
              + servers
              + " share CPU "
              + both.nextSetBit(0)
              + ": the point is that they share none");
    }
    return new CpuSplit(load, servers);
  }

  /**
   * The default split of {@code cpus}: the first half (rounded down) for the generator and the rest
   * for the servers, or null when there is only one CPU to place both on.
   */
  static CpuSplit halves(BitSet cpus) {
    int count = cpus.cardinality();
    if (count < 2) {
      return null;
    }
    BitSet load = new BitSet();
    int cpu = -1;
    for (int i = 0; i < count / 2; i++) {
      cpu = cpus.nextSetBit(cpu + 1);
      load.set(cpu);
    }
    BitSet servers = (BitSet) cpus.clone();
    servers.andNot(load);
    return new CpuSplit(list(load), list(servers));
  }

  /**
   * The CPUs this process may run on: its {@code Cpus_allowed_list} (a container's cpuset may start
   * above CPU 0), or CPUs 0 to {@code availableProcessors() - 1} where /proc does not say.
   */
  static BitSet allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return cpus("Cpus_allowed_list", line.substring(line.indexOf(':') + 1).strip(), null);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // Not Linux, or a /proc we cannot read: fall back to the count.
    }
    BitSet all = new BitSet();
    all.set(0, Runtime.getRuntime().availableProcessors());
    return all;
  }

  /** {@code cpus} as a taskset list, ranges joined: {@code 0-1,4}. */
  static String list(BitSet cpus) {
    StringBuilder s = new StringBuilder();
    for (int from = cpus.nextSetBit(0); from >= 0; ) {
      int to = cpus.nextClearBit(from) - 1;
      s.append(s.isEmpty() ? "" : ",").append(from).append(from == to ? "" : "-" + to);
      from = cpus.nextSetBit(to + 1);
    }
    return s.toString();
  }

  /** The words that start a server's JVM on {@link #servers}. */
  List<String> launcher() {
    return List.of("taskset", "-c", servers);
  }

  /**
   * Moves every thread of this process to {@link #load}; threads started later inherit it.
   *
   * @throws IOException when {@code taskset} is missing or refuses, with its words
   */
  void pinThisProcess() throws IOException, InterruptedException {
    pinThisProcess("taskset");
  }

  /**
   * {@link #pinThisProcess()} with the {@code taskset} at {@code taskset} (tests name a missing
   * one).
   */
  void pinThisProcess(String taskset) throws IOException, InterruptedException {
    String pid = Long.toString(ProcessHandle.current().pid());
    Process p;
    try {
      p =
          new ProcessBuilder(taskset, "-a", "-p", "-c", load, pid)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      // The split is the default, so the one who reads this may not have asked for it.
      throw new IOException(
          "the split placement needs taskset (util-linux); --placement shared runs without it: "
              + e.getMessage(),
          e);
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IOException(
          "taskset could not move the load generator to CPUs " + load + ": " + said);
    }
  }

  /** The CPUs of a taskset list such as {@code 0,2-3}, each in {@code cpus} unless that is null. */
  private static BitSet cpus(String option, String list, BitSet cpus) {
    BitSet set = new BitSet();
    for (String part : list.split(",", -1)) {
      String[] range = part.strip().split("-", -1);
      int from = cpu(option, list, range[0], cpus);
      int to = range.length == 2 ? cpu(option, list, range[1], cpus) : from;
      if (range.length > 2 || to < from) {
        throw new IllegalArgumentException(option + ": '" + list + "' is not a CPU list (0,2-3)");
      }
      set.set(from, to + 1);
    }
    return set;
  }

  private static int cpu(String option, String list, String word, BitSet cpus) {
    if (!word.matches("\\d{1,4}")) {
      throw new IllegalArgumentException(option + ": '" + list + "' is not a CPU list (0,2-3)");
    }
    int cpu = Integer.parseInt(word);
    if (cpus != null && !cpus.get(cpu)) {
      throw new IllegalArgumentException(
          option
              + ": CPU "
              + cpu
              + " in '"
              + list
              + "', but this process may run on CPUs "
              + list(cpus));
    }
    return cpu;
  }
}
