package io.lightwire.firmware.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the {@code lightwire} CLI in-process, as the launcher would, and keeps everything it printed
 * (both streams accumulate over every run of this instance). Test thread.
 */
public final class CliRun {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs {@code lightwire ARGS...}; returns its exit status. */
  public int run(String... args) {
    return LightwireCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** Forgets what was printed so far. */
  public void reset() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  /** What it printed on standard output so far. */
  public String out() {
    return out.toString();
  }

  /** What it printed on standard error so far. */
  public String err() {
    return err.toString();
  }
}
