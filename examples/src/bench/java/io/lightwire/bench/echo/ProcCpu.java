package io.lightwire.bench.echo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/PID/stat}: user plus system time of all its threads, in
 * clock ticks. Linux reports these in {@code USER_HZ}, which is 100 on every Linux ABI the JDK runs
 * on (the kernel converts whatever its internal tick rate is); a 1 s measure window therefore
 * resolves 10 ms, enough for the per-message figures of the benchmark's windows.
 */
final class ProcCpu {

  /** Clock ticks per second of {@code /proc/PID/stat} times ({@code USER_HZ}). */
  static final int TICKS_PER_SECOND = 100;

  private ProcCpu() {}

  /** User plus system ticks of process {@code pid}, or -1 when {@code /proc} has none. */
  static long ticks(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Reads utime and stime (fields 14 and 15) from a {@code /proc/PID/stat} line; the command name
   * in parentheses may hold spaces and parentheses itself, so fields are counted after its last
   * closing parenthesis.
   */
  static long parse(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
