package io.lightwire.examples.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server example run on a thread of its own, as {@code ./lightwire example NAME} runs it, with
 * standard output captured and its signal handlers replaced by {@link #signal()}: what SIGTERM or
 * Ctrl-C would do.
 */
public final class SignalledRun {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicReference<Runnable> stop = new AtomicReference<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final int[] status = {-1};
  private final Thread runner;

  private SignalledRun(Function<Predicate<Runnable>, Example> create, String[] args) {
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Example example =
        create.apply(
            action -> {
              stop.set(action);
              return true;
            });
    runner =
        new Thread(
            () -> {
              try {
                status[0] = example.run(args, out);
              } catch (Exception e) {
                failure.set(e);
              }
            });
  }

  /**
   * Starts the example {@code create} makes from its signal hook (its tests' constructor) with
   * {@code args}.
   */
  public static SignalledRun start(Function<Predicate<Runnable>, Example> create, String... args) {
    SignalledRun run = new SignalledRun(create, args);
    run.runner.start();
    return run;
  }

  /** Waits (20 s at most) until the output holds {@code line}; fails showing the output. */
  public Matcher awaitOutput(Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Matcher m = line.matcher(output());
    while (!m.find() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      m = line.matcher(output());
    }
    assertTrue(m.find(0), output());
    return m;
  }

  /** Does what SIGTERM or Ctrl-C does. */
  public void signal() {
    stop.get().run();
  }

  /** Waits (10 s at most) for the example to return; its exit status, or -1 if it did not. */
  public int awaitExit() throws InterruptedException {
    runner.join(10_000);
    if (failure.get() != null) {
      throw new AssertionError("the example threw", failure.get());
    }
    return status[0];
  }

  /** Standard output so far. */
  public String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
