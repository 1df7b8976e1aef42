package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The split applied by the real {@code taskset}: a server's JVM starts on its CPUs only. */
class CpuSplitTest {

  @Test
  void aProcessStartedUnderTheLauncherRunsOnTheServersCpusOnly() throws Exception {
    CpuSplit split = new CpuSplit("1", "0");
    List<String> command = new ArrayList<>(split.launcher());
    command.addAll(List.of("sleep", "30"));
    Process p = new ProcessBuilder(command).start();
    try {
      // taskset execs the command: the PID is sleep's, and its allowed CPUs are the list.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String allowed = "";
      while (System.nanoTime() < deadline) {
        allowed = cpusAllowed(p.pid());
        if (Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm"))
            .strip()
            .equals("sleep")) {
          break;
        }
        Thread.sleep(10);
      }
      assertEquals(
          "sleep", Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip());
      assertEquals("0", allowed);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theGeneratorIsMovedWithEveryThreadAndCanBeMovedBack() throws Exception {
    long self = ProcessHandle.current().pid();
    String before = cpusAllowed(self);
    String first = before.split("[,-]")[0];
    try {
      new CpuSplit(first, "").pinThisProcess();
      try (var tasks = Files.list(Path.of("/proc", Long.toString(self), "task"))) {
        for (Path task : tasks.toList()) {
          assertEquals(first, cpusAllowed(task), "every thread, not only the main one: " + task);
        }
      }
    } finally {
      new CpuSplit(before, "").pinThisProcess();
    }
    assertEquals(before, cpusAllowed(self));
  }

  @Test
  void theAllowedCpusAreTheKernelsListForThisProcess() throws Exception {
    String kernel = cpusAllowed(ProcessHandle.current().pid());
    // Not availableProcessors(): under a CPU quota the JDK counts fewer than the process may use.
    assertEquals(kernel, CpuSplit.list(CpuSplit.allowedCpus()));
  }

  @Test
  void aCpuSetIsWrittenAsATasksetList() {
    assertEquals("0", CpuSplit.list(cpus(0)));
    assertEquals("0-3", CpuSplit.list(cpus(0, 1, 2, 3)));
    assertEquals("0,2-3,7", CpuSplit.list(cpus(0, 2, 3, 7)));
    assertEquals("", CpuSplit.list(cpus()));
  }

  /** A CPU set of the given CPUs. */
  static BitSet cpus(int... cpus) {
    BitSet set = new BitSet();
    for (int cpu : cpus) {
      set.set(cpu);
    }
    return set;
  }

  @Test
  void aRefusedListIsAnErrorWithTasksetsWords() {
    IOException e =
        assertThrows(IOException.class, () -> new CpuSplit("4095", "0").pinThisProcess());
    assertTrue(
        e.getMessage().startsWith("taskset could not move the load generator to CPUs 4095: "),
        e.getMessage());
  }

  @Test
  void aMissingTasksetSaysHowToRunWithoutIt() {
    IOException e =
        assertThrows(
            IOException.class, () -> new CpuSplit("0", "1").pinThisProcess("/nonexistent/taskset"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "the split placement needs taskset (util-linux); --placement shared runs without"
                    + " it: "),
        e.getMessage());
  }

  private static String cpusAllowed(long pid) throws Exception {
    return cpusAllowed(Path.of("/proc", Long.toString(pid)));
  }

  /** The {@code Cpus_allowed_list} of a process or task folder under /proc. */
  private static String cpusAllowed(Path proc) throws Exception {
    for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("Cpus_allowed_list:")) {
        return line.substring("Cpus_allowed_list:".length()).strip();
      }
    }
    return "";
  }
}
