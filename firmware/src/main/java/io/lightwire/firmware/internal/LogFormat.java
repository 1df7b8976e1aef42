package io.lightwire.firmware.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The one line format of every log record, whoever wrote it (Lightwire's {@code System.Logger}, and
 * SLF4J for hal, Pi4J and SSHD through slf4j-jdk14). On a terminal: {@code 2026-12-06 21:58:01.123
 * WARN io.lightwire.firmware.gpio: message}. Into the journal: {@code
 * <4>io.lightwire.firmware.gpio: message}, the syslog priority as journald reads it and no time
 * (the journal stamps each line). An expected condition (a checked exception: a peer reset, a
 * missing device file) adds its messages to the line; a stack trace is printed only for a bug (an
 * unchecked exception or an error).
 */
public final class LogFormat extends Formatter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final boolean journal;

  /** A format for the journal ({@code journal}) or for a terminal. */
  public LogFormat(boolean journal) {
    this.journal = journal;
  }

  @Override
  public String format(LogRecord record) {
    StringBuilder out = new StringBuilder(160);
    if (journal) {
      out.append('<').append(priority(record.getLevel())).append('>');
    } else {
      TIME.formatTo(Instant.ofEpochMilli(record.getMillis()), out);
      out.append(' ').append(String.format("%-5s", name(record.getLevel()))).append(' ');
    }
    out.append(record.getLoggerName()).append(": ");
    out.append(oneLine(formatMessage(record)));
    Throwable thrown = record.getThrown();
    if (thrown != null && expected(thrown)) {
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        out.append(t == thrown ? ": " : " (cause: ").append(t);
        if (t != thrown) {
          out.append(')');
        }
      }
    }
    out.append('\n');
    if (thrown != null && !expected(thrown)) {
      java.io.StringWriter trace = new java.io.StringWriter();
      thrown.printStackTrace(new java.io.PrintWriter(trace));
      for (String line : trace.toString().split("\n")) {
        if (journal) {
          out.append('<').append(priority(record.getLevel())).append('>');
        }
        out.append(line.stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }

  /** A checked exception is a condition the code expects (I/O, a peer); others are bugs. */
  static boolean expected(Throwable t) {
    return !(t instanceof RuntimeException) && !(t instanceof Error);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replace("\r", "").replace("\n", " | ");
  }

  /** The syslog priority journald reads from a {@code <N>} prefix (sd-daemon(3)). */
  static int priority(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return 3; // err
    }
    if (v >= Level.WARNING.intValue()) {
      return 4; // warning
    }
    if (v >= Level.INFO.intValue()) {
      return 6; // info
    }
    return 7; // debug
  }

  /** The level as Lightwire's config names it. */
  static String name(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (v >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (v >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (v >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }
}
