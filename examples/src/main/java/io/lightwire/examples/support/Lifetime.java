package io.lightwire.examples.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a server example runs: until Ctrl-C or SIGTERM (a shutdown hook), until {@link
 * #requestStop()}, or until the running thread is interrupted (tests). The hook waits, at most
 * {@value #STOP_GRACE_MILLIS} ms, for the example to stop its server, so that browsers get close
 * 1001 instead of a dropped connection.
 */
public final class Lifetime implements AutoCloseable {

  /** How long the shutdown hook waits for the example to finish stopping, in milliseconds. */
  public static final long STOP_GRACE_MILLIS = 5_000;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook;

  /** Registers the shutdown hook; {@link #close()} removes it. */
  public Lifetime() {
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
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: it returns as soon as it sees `stopped`.
    }
  }
}
