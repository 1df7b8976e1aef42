package io.lightwire.bench.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
   * Checks both lists against a machine with {@code cpus} CPUs.
   *
   * @throws IllegalArgumentException naming the option and the value: a list that is not one, a CPU
   *     the machine does not have, or a CPU in both lists
   */
  static CpuSplit parse(String load, String servers, int cpus) {
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
    String pid = Long.toString(ProcessHandle.current().pid());
    Process p;
    try {
      p =
          new ProcessBuilder("taskset", "-a", "-p", "-c", load, pid)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IOException("--load-cpus needs taskset (util-linux): " + e.getMessage(), e);
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IOException(
          "taskset could not move the load generator to CPUs " + load + ": " + said);
    }
  }

  /** The CPUs of a taskset list such as {@code 0,2-3}, each below {@code cpus}. */
  private static BitSet cpus(String option, String list, int cpus) {
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

  private static int cpu(String option, String list, String word, int cpus) {
    if (!word.matches("\\d{1,4}")) {
      throw new IllegalArgumentException(option + ": '" + list + "' is not a CPU list (0,2-3)");
    }
    int cpu = Integer.parseInt(word);
    if (cpu >= cpus) {
      throw new IllegalArgumentException(
          option
              + ": CPU "
              + cpu
              + " in '"
              + list
              + "', but this machine has CPUs 0 to "
              + (cpus - 1));
    }
    return cpu;
  }
}
