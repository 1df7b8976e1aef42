package io.lightwire.firmware.flash;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * An upload's progress: bar, bytes, rate and time left. On a terminal one line is redrawn (with
 * {@code \r}) at most every {@value #REDRAW_NANOS} ns; elsewhere (logs, tests, CI) a line is
 * printed at each quarter, so a transcript stays short. One thread.
 */
public final class ProgressBar implements Board.UploadListener {

  static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 24;
  private static final int STEPS = 4;
  private static final double MIB = 1024.0 * 1024.0;
  private static final double NANOS_PER_SECOND = 1e9;

  private final PrintWriter out;
  private final long total;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long start;
  private long lastDraw;
  private int lastStep;
  private long sent;

  /**
   * @param total the file's size in bytes
   * @param terminal redraw one line in place (a console) instead of printing quarters
   * @param nanoClock {@link System#nanoTime} normally; tests pass their own
   */
  public ProgressBar(PrintWriter out, long total, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.total = total;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.lastDraw = start;
  }

  @Override
  public void sent(long bytes) {
    sent = bytes;
    long now = nanoClock.getAsLong();
    if (terminal) {
      if (now - lastDraw >= REDRAW_NANOS || bytes == total) {
        lastDraw = now;
        out.print("\r" + line(now));
        out.flush();
      }
      return;
    }
    int step = total == 0 ? STEPS : (int) (bytes * STEPS / total);
    if (step > lastStep) {
      lastStep = step;
      out.println(line(now));
    }
  }

  /** Ends the bar: a newline on a terminal, and the summary line. */
  public void finish() {
    long now = nanoClock.getAsLong();
    if (terminal) {
      out.println("\r" + line(now));
    }
    double seconds = Math.max(1e-9, (now - start) / NANOS_PER_SECOND);
    out.printf(
        Locale.ROOT,
        "upload: %.1f MiB in %.1f s (%.1f MiB/s)%n",
        sent / MIB,
        seconds,
        sent / MIB / seconds);
  }

  /** The bar for the current state, e.g. {@code [######......] 50% 6.1/12.3 MiB ...}. */
  String line(long now) {
    double fraction = total == 0 ? 1 : (double) sent / total;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = (now - start) / NANOS_PER_SECOND;
    double rate = seconds > 0 ? sent / seconds : 0;
    String left = rate > 0 ? clock((total - sent) / rate) : "--:--";
    return String.format(
        Locale.ROOT,
        "upload [%s%s] %3d%%  %.1f/%.1f MiB  %.1f MiB/s  %s left",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        sent / MIB,
        total / MIB,
        rate / MIB,
        left);
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
