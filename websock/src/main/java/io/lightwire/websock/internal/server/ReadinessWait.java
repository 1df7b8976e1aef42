package io.lightwire.websock.internal.server;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How the service loop waits for something to do: a blocking select, optionally preceded by a
 * busy-poll window ({@code ServerConfig.busyPollMicros}). After a pass that did work, the window
 * polls with {@code selectNow} and the hand-off rings for up to that long, so a message that
 * arrives within it is served without the thread going to sleep in {@code epoll_wait} and paying a
 * wake-up. A pass that found nothing ends the spinning: an idle server sleeps, with no CPU use.
 * Each poll yields the core to any thread waiting for it (it still costs a whole core while traffic
 * flows). Service thread only, except {@link #wakeup}; allocates nothing.
 */
final class ReadinessWait {

  private final Selector selector;
  private final Consumer<SelectionKey> onReady;
  private final IntSupplier handoffs;
  private final long windowNanos;
  private final LongSupplier nanoClock;

  /** A wake-up the window must see: its {@code selectNow} clears the selector's own. */
  private volatile boolean woken;

  /**
   * @param onReady what a ready key gets
   * @param handoffs runs the work other threads handed over; returns how much there was (their
   *     wake-ups are cleared by {@code selectNow}, so the window must look at them itself)
   * @param windowNanos the busy-poll window; 0 turns it off
   * @param nanoClock the time the window is measured with ({@link System#nanoTime} scale)
   */
  ReadinessWait(
      Selector selector,
      Consumer<SelectionKey> onReady,
      IntSupplier handoffs,
      long windowNanos,
      LongSupplier nanoClock) {
    this.selector = selector;
    this.onReady = onReady;
    this.handoffs = handoffs;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * Waits for ready keys and hands them to {@code onReady}.
   *
   * @param waitMillis 0: look once, without waiting; negative: until something is ready; else at
   *     most that long
   * @param busy whether the previous pass did work (only then does the busy-poll window open)
   */
  void await(long waitMillis, boolean busy) throws IOException {
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
      Thread.yield();
    } while (nanoClock.getAsLong() - start < windowNanos);
    return false;
  }
}
