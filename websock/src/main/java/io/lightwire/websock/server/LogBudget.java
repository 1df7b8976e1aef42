package io.lightwire.websock.server;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A budget of log lines for events a remote peer can cause (protocol violations, refused controls,
 * wrong tokens): at most {@code linesPerWindow} lines per window; the events past that are counted,
 * and the count is handed to a summary callback once, when the next window starts or at {@link
 * #flush()}. So nobody can fill a board's journal on an SD card, and nothing goes unmentioned.
 *
 * <p>Cheap on the refused path (a comparison and an increment, no allocation). Methods are
 * synchronized: the service thread takes from it, and a stop may flush from another thread.
 */
public final class LogBudget {

  private final int linesPerWindow;
  private final long windowNanos;
  private final LongConsumer summary;
  private long windowStart;
  private boolean windowOpen;
  private int lines;
  private long leftOut;

  /**
   * A budget of {@code linesPerWindow} lines per window of {@code windowNanos}.
   *
   * @param summary logs "N more were not logged one by one" for the N events a window left out
   */
  public LogBudget(int linesPerWindow, long windowNanos, LongConsumer summary) {
    if (linesPerWindow < 1 || windowNanos < 1) {
      throw new IllegalArgumentException(
          "a log budget needs at least one line per window and a window: "
              + linesPerWindow
              + " lines per "
              + windowNanos
              + " ns");
    }
    this.linesPerWindow = linesPerWindow;
    this.windowNanos = windowNanos;
    this.summary = summary;
  }

  /**
   * A budget of {@code lines} lines a minute whose summary is one WARNING line on {@code log}.
   *
   * @param summaryPattern the summary's {@link java.text.MessageFormat} pattern; {@code {0}} is the
   *     count of events left out
   */
  public static LogBudget perMinute(int lines, System.Logger log, String summaryPattern) {
    return new LogBudget(
        lines,
        TimeUnit.MINUTES.toNanos(1),
        n -> log.log(System.Logger.Level.WARNING, summaryPattern, Long.toString(n)));
  }

  /**
   * Takes one line for an event at {@code nowNanos} ({@link System#nanoTime()} or the caller's
   * injected clock of that scale; compared by subtraction, so it may wrap), first summing up the
   * window that ended, if it left events out.
   *
   * @return how many lines this window still had before this one (so {@code 1} means this is its
   *     last line: a good place to say that more will be summed up), or {@code 0} when the event is
   *     only counted and must not be logged
   */
  public synchronized int take(long nowNanos) {
    if (!windowOpen || nowNanos - windowStart >= windowNanos) {
      flush();
      windowStart = nowNanos;
      windowOpen = true;
    }
    if (lines < linesPerWindow) {
      return linesPerWindow - lines++;
    }
    leftOut++;
    return 0;
  }

  /** Hands the events left out so far (if any) to the summary, and starts counting lines afresh. */
  public synchronized void flush() {
    if (leftOut > 0) {
      summary.accept(leftOut);
    }
    leftOut = 0;
    lines = 0;
  }
}
