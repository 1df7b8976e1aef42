package io.lightwire.examples.device;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A device example running in-process on a thread of its own, as {@code ./lightwire example NAME}
 * runs it, with its signal handlers replaced by {@link #terminate()}: what a SIGTERM would do.
 *
 * @param <T> what the example hands its test once it serves (its running stream or remote)
 */
public final class RunningExample<T> implements AutoCloseable {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Runnable> stopAction = new CompletableFuture<>();
  private final CompletableFuture<T> started = new CompletableFuture<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final CountDownLatch printed = new CountDownLatch(1);

  /** What a test gives the example's test constructor. */
  public interface Factory<T> {
    Example create(
        PrintStream err, Predicate<Runnable> onTermination, java.util.function.Consumer<T> started);
  }

  private RunningExample() {}

  /**
   * Starts {@code factory}'s example with {@code args} and waits (20 s at most) until it serves.
   */
  public static <T> RunningExample<T> start(Factory<T> factory, String... args) throws Exception {
    RunningExample<T> running = new RunningExample<>();
    PrintStream errStream = new PrintStream(running.err, true, StandardCharsets.UTF_8);
    PrintStream outStream =
        new PrintStream(running.out, true, StandardCharsets.UTF_8) {
          @Override
          public void println(String line) {
            super.println(line);
            running.printed.countDown();
          }
        };
    Example example =
        factory.create(
            errStream, action -> running.stopAction.complete(action), running.started::complete);
    Thread thread =
        Thread.ofPlatform()
            .name("example-" + example.name())
            .start(
                () -> {
                  try {
                    running.exit.complete(example.run(args, outStream));
                  } catch (Throwable t) {
                    running.exit.completeExceptionally(t);
                    running.started.completeExceptionally(t);
                  }
                });
    assertNotNull(thread);
    running.started.get(20, TimeUnit.SECONDS);
    assertTrue(running.printed.await(20, TimeUnit.SECONDS), "the example printed no line");
    return running;
  }

  /** What the example handed over once it served. */
  public T value() throws Exception {
    return started.get();
  }

  /** Standard output so far, line by line. */
  public List<String> outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** Standard error so far. */
  public String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Does what SIGTERM does, then waits (30 s at most) for the exit status. */
  public int terminate() throws Exception {
    stopAction.get(5, TimeUnit.SECONDS).run();
    return exit.get(30, TimeUnit.SECONDS);
  }

  /** Runs {@code check} on the example's value; for readable assertions in lambdas. */
  public <R> R with(Function<T, R> check) throws Exception {
    return check.apply(value());
  }

  /** Stops the example when a test left it running (e.g. after a failed assertion). */
  @Override
  public void close() {
    if (!exit.isDone() && stopAction.isDone()) {
      stopAction.join().run();
      exit.completeOnTimeout(-1, 30, TimeUnit.SECONDS).join();
    }
  }
}
