package io.lightwire.hal.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs named checks and prints one line each ({@code PASS name} or {@code FAIL name: why}), then
 * {@code N passed, M failed}. A check is a block that throws on failure; the runner keeps going so
 * one broken driver does not hide the others.
 */
public final class CheckRunner {

  /** A check body. */
  @FunctionalInterface
  public interface Body {
    /** Runs the check; throws when it fails. */
    void run() throws Exception;
  }

  private final PrintStream out;
  private int passed;
  private int failed;

  /**
   * @param out where the lines go
   */
  public CheckRunner(PrintStream out) {
    this.out = out;
  }

  /** Runs one check and prints its line. */
  public void check(String name, Body body) {
    try {
      body.run();
      passed++;
      out.println("PASS " + name);
    } catch (Throwable t) {
      failed++;
      String why =
          t.getMessage() == null
              ? t.toString()
              : t.getClass().getSimpleName() + ": " + t.getMessage();
      out.println("FAIL " + name + ": " + why.replace('\n', ' '));
    }
    out.flush();
  }

  /** Prints the summary line; returns the exit status (0 when nothing failed). */
  public int finish() {
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 && passed > 0 ? 0 : 1;
  }

  /** Throws with {@code message} unless {@code condition}. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  /** Throws unless {@code actual} equals {@code expected}. */
  public static void requireEquals(Object expected, Object actual, String what) {
    if (!expected.equals(actual)) {
      throw new AssertionError(what + ": expected " + expected + ", was " + actual);
    }
  }

  /** A sysfs attribute's first line, trimmed. */
  public static String read(String path) throws IOException {
    return Files.readString(Path.of(path), StandardCharsets.US_ASCII).strip();
  }

  /** Writes a sysfs attribute. */
  public static void write(String path, String value) throws IOException {
    Files.writeString(Path.of(path), value, StandardCharsets.US_ASCII);
  }
}
