package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CPU ticks from {@code /proc/PID/stat}, with a command name that holds spaces and parentheses. */
class ProcCpuTest {

  @Test
  void addsUserAndSystemTicksCountedAfterTheCommandName() {
    String stat =
        "4242 (java (x) y) S 1 2 3 0 -1 4194304 10 0 0 0 250 31 7 9 20 0 40 0 100 3133440 413";
    assertEquals(281, ProcCpu.parse(stat));
  }

  @Test
  void thisProcessHasSpentCpu() {
    assertTrue(ProcCpu.ticks(ProcessHandle.current().pid()) > 0);
  }
}
