package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How the service loop waits for something to do: after a pass that did work it first yields its
 * core, then it blocks in the selector, optionally after a busy-poll window ({@code
 * ServerConfig.busyPollMicros}).
 *
 * <p>The yield. Under load the one service thread is never idle, so it never gives its core up by
 * itself; the scheduler preempts it at arbitrary points instead (about 9,000 times a second at 16
 * echoing connections on 2 cores), sometimes for long while every connection waits: p99 2 ms at a
 * median of 70 µs. Yielding once per busy pass, after its replies are written, lets a thread
 * waiting for the core (an application's, an encoder's, a local client's) run at that point
 * instead: p99 0.35 to 0.38 ms, median 0.14 to 0.2 ms, rate 0.7x to 1.1x of the loop without it
 * over two runs. With nothing waiting the yield returns at once.
 *
 * <p>The window polls with {@code selectNow} and the hand-off rings for up to its length, so a
 * message that arrives within it is served without the thread going to sleep in {@code epoll_wait}
 * and paying a wake-up. A pass that found nothing ends the spinning: an idle server sleeps, with no
 * CPU use. Each poll yields too (it still costs a whole core while traffic flows).
 *
 * <p>Service thread only, except {@link #wakeup}; allocates nothing.
 */
final class ReadinessWait {

  private final Selector selector;
  private final Consumer<SelectionKey> onReady;
  private final IntSupplier handoffs;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final Runnable yielder;

  /** A wake-up the window must see: its {@code selectNow} clears the selector's own. */
  private volatile boolean woken;

  /**
   * @param onReady what a ready key gets
   * @param handoffs runs the work other threads handed over; returns how much there was (their
   *     wake-ups are cleared by {@code selectNow}, so the window must look at them itself)
   * @param windowNanos the busy-poll window; 0 turns it off
   * @param nanoClock the time the window is measured with ({@link System#nanoTime} scale)
   * @param yielder gives the core away ({@link Thread#yield}; a counter in tests)
   */
  ReadinessWait(
      Selector selector,
      Consumer<SelectionKey> onReady,
      IntSupplier handoffs,
      long windowNanos,
      LongSupplier nanoClock,
      Runnable yielder) {
    this.selector = selector;
    this.onReady = onReady;
    this.handoffs = handoffs;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
    this.yielder = yielder;
  }

  /**
   * Waits for ready keys and hands them to {@code onReady}.
   *
   * @param waitMillis 0: look once, without waiting; negative: until something is ready; else at
   *     most that long
   * @param busy whether the previous pass did work (only then does the thread yield and the
   *     busy-poll window open)
   */
  void await(long waitMillis, boolean busy) throws IOException {
    if (busy) {
      yielder.run();
    }
    try {
      if (waitMillis == 0) {
        selector.selectNow(onReady);
      } else if (!(busy && windowNanos > 0 && spin())) {
        if (waitMillis < 0) {
          selector.select(onReady);
        } else {
          selector.select(onReady, waitMillis);
        }
      }
    } catch (ClosedSelectorException e) {
      // Closed under us by stop(): the pass simply ends.
    }
  }

  /** Makes {@link #await} return soon, whether it blocks or spins. Any thread. */
  void wakeup() {
    woken = true;
    selector.wakeup();
  }

  /**
   * Polls until something is ready, handed over or {@link #wakeup woken} (true), or the window has
   * passed (false).
   */
  private boolean spin() throws IOException {
    long start = nanoClock.getAsLong();
    do {
      // All three, every time: selectNow just cleared the wake-up that came with any of them.
      if (selector.selectNow(onReady) + handoffs.getAsInt() > 0 || woken) {
        woken = false;
        return true;
      }
      // Not onSpinWait: a thread waiting for this core (the application's, an encoder's, a local
      // peer's) gets it at once instead of at this thread's preemption. Next to one CPU-bound
      // process that kept the window at 0.84x of the server without it, instead of 0.52x.
      yielder.run();
    } while (nanoClock.getAsLong() - start < windowNanos);
    return false;
  }
}
