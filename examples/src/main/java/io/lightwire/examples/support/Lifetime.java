package io.lightwire.examples.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * How long a server example runs: until Ctrl-C or SIGTERM, until {@link #requestStop()}, or until
 * the running thread is interrupted (tests). Signals go through the firmware's {@link
 * io.lightwire.firmware.Signals}, as {@code lightwire run} and {@code echo-server} do: the example
 * stops its server (browsers get close 1001) and returns, and the exit status is 0. Where those
 * handlers cannot be installed a shutdown hook asks for the stop and waits, at most {@value
 * #STOP_GRACE_MILLIS} ms, for it to finish.
 */
public final class Lifetime implements AutoCloseable {

  /** How long the shutdown hook waits for the example to finish stopping, in milliseconds. */
  public static final long STOP_GRACE_MILLIS = 5_000;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook;

  /**
   * Installs the stop on termination signals.
   *
   * @param onTermination installs its argument as the SIGTERM/SIGINT action and returns true, or
   *     returns false to fall back to a shutdown hook ({@code Signals::onTermination}; tests pass
   *     one that installs nothing and returns true)
   */
  public Lifetime(Predicate<Runnable> onTermination) {
    if (onTermination.test(this::requestStop)) {
      hook = null;
      return;
    }
    hook =
        new Thread(
            () -> {
              stopRequested.countDown();
              try {
                stopped.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lightwire-example-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Asks the example to stop; safe from any thread. */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** True once a stop was asked for (or the calling thread was interrupted). */
  public boolean stopRequested() {
    return stopRequested.getCount() == 0 || Thread.currentThread().isInterrupted();
  }

  /**
   * Blocks until a stop is asked for, at most {@code millis} ms.
   *
   * @return true when a stop was asked for; an interrupt counts as one (the flag is kept)
   */
  public boolean awaitStopRequest(long millis) {
    try {
      return stopRequested.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Marks the example stopped and removes the hook (unless the JVM is already shutting down). */
  @Override
  public void close() {
    stopped.countDown();
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it returns as soon as it sees `stopped`.
    }
  }
}
