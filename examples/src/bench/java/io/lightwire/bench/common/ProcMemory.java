package io.lightwire.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process from {@code /proc/PID/status}, in KiB: {@code VmRSS} now and the
 * peak {@code VmHWM}; -1 where {@code /proc} has none (not Linux, or the process is gone).
 *
 * @param rssKib resident set now
 * @param peakKib the peak resident set
 */
public record ProcMemory(long rssKib, long peakKib) {

  /** Reads the memory of process {@code pid}. */
  public static ProcMemory of(long pid) {
    long rss = -1;
    long peak = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line);
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone: reported as unknown
    }
    return new ProcMemory(rss, peak);
  }

  /** Reads the memory of this process. */
  public static ProcMemory self() {
    return of(ProcessHandle.current().pid());
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
