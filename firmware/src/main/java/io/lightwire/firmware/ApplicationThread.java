package io.lightwire.firmware;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one thread where application code runs (seed 000's "application thread context"): it takes
 * events from the fixed {@link EventQueue} one at a time and runs timers when they are due, so
 * handlers need no locks. An event that throws is logged and counted; the loop goes on.
 *
 * <p>Any thread may {@link #post} events and {@link #schedule} timers. Neither ever blocks: a full
 * queue or timer table refuses, counts the refusal (shown in {@code /status}), and returns a value
 * the caller can act on, so the service loop that posts connect and GPIO events is never held up.
 *
 * <p>Timers are measured on the thread's {@code nanoClock} ({@link System#nanoTime()} unless the
 * firmware was booted with another). The thread waits for the next timer on the real clock in steps
 * of at most 200 ms; a test that moves a manual clock calls {@link #clockMoved()} so the timers are
 * looked at again at once.
 */
public final class ApplicationThread implements AutoCloseable {

  /** {@link #schedule} and {@link #every} result when every timer entry is taken. */
  public static final long REFUSED = Timers.REFUSED;

  /** Timers of an application thread made without a plan entry for them. */
  static final int DEFAULT_TIMERS = 64;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.app");

  /** Longest wait in one pass, so {@link #close()} is seen even without an interrupt. */
  private static final long POLL_MILLIS = 200;

  private final EventQueue queue;
  private final Timers timers;
  private final Thread thread;
  private final LongSupplier nanoClock;
  private volatile boolean running = true;
  private volatile long failures;

  /** Starts the thread {@code lightwire-app} over {@code queue}, with 64 timers. */
  public ApplicationThread(EventQueue queue) {
    this(queue, new Timers(DEFAULT_TIMERS), System::nanoTime);
  }

  /**
   * Starts the thread {@code lightwire-app} over {@code queue} and {@code timers}, with timers
   * measured on {@code nanoClock} ({@link System#nanoTime()} scale).
   */
  ApplicationThread(EventQueue queue, Timers timers, LongSupplier nanoClock) {
    this.queue = queue;
    this.timers = timers;
    this.nanoClock = nanoClock;
    this.thread = Thread.ofPlatform().name("lightwire-app").unstarted(this::loop);
    thread.start();
  }

  /** Queues {@code event} to run on the application thread; false when the queue is full. */
  public boolean post(Runnable event) {
    return running && queue.offer(event);
  }

  /**
   * Queues {@code event} in the queue's reserved share (see {@link EventQueue#offerReserved}): for
   * events that must never be lost, whose producer keeps at most its reserved number queued.
   *
   * @return false only after {@link #close()}, or when the producer queued more than it reserved
   */
  public boolean postReserved(Runnable event) {
    return running && queue.offerReserved(event);
  }

  /**
   * Runs {@code task} once on the application thread after {@code delayMillis}.
   *
   * @return the timer's id for {@link #cancel}, or {@link #REFUSED} when every timer is taken (or
   *     the thread has stopped)
   */
  public long schedule(long delayMillis, Runnable task) {
    return addTimer(delayMillis, 0, task);
  }

  /**
   * Runs {@code task} on the application thread every {@code periodMillis}, the first time after
   * one period. A thread that falls behind skips the periods it missed rather than firing a burst.
   *
   * @return the timer's id for {@link #cancel}, or {@link #REFUSED}
   * @throws IllegalArgumentException when the period is not positive
   */
  public long every(long periodMillis, Runnable task) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("timer period " + periodMillis + " ms must be > 0");
    }
    return addTimer(periodMillis, periodMillis, task);
  }

  private long addTimer(long delayMillis, long periodMillis, Runnable task) {
    if (!running) {
      return REFUSED;
    }
    long now = nanoClock.getAsLong();
    long id =
        timers.add(
            now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis)),
            TimeUnit.MILLISECONDS.toNanos(periodMillis),
            task);
    if (id != REFUSED && Thread.currentThread() != thread) {
      queue.wake(); // the loop may be waiting with a timeout computed before this timer
    }
    return id;
  }

  /** Cancels a timer; false when it already ran (one-shot) or was cancelled. */
  public boolean cancel(long timerId) {
    return timers.cancel(timerId);
  }

  /**
   * Makes the thread look at its timers now instead of at the end of its current wait: for a test
   * that has just moved the thread's manual clock. Any thread; never blocks. With the system clock
   * there is no need: the thread wakes for its next timer by itself.
   */
  public void clockMoved() {
    queue.wake();
  }

  /** True when called on the application thread itself. */
  public boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /** Events that threw. */
  public long failures() {
    return failures;
  }

  /** Events refused because the queue was full. */
  public long refusedEvents() {
    return queue.rejected();
  }

  /** Timers refused because the timer table was full. */
  public long refusedTimers() {
    return timers.refused();
  }

  /** The timer table as a pool, for the memory plan and {@code /status}. */
  Timers timers() {
    return timers;
  }

  private void loop() {
    while (running) {
      long now = nanoClock.getAsLong();
      Runnable timer;
      while (running && (timer = timers.takeDue(now)) != null) {
        run(timer);
      }
      long next = timers.nextDue();
      long waitMillis = POLL_MILLIS;
      if (next != Long.MAX_VALUE) {
        long untilNext = next - nanoClock.getAsLong();
        // Round up: waking a little late is fine, waking early just spins once more.
        waitMillis = Math.min(POLL_MILLIS, Math.max(0, (untilNext + 999_999) / 1_000_000));
      }
      Runnable event;
      try {
        event = waitMillis == 0 ? queue.poll(0) : queue.poll(waitMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        run(event);
      }
    }
  }

  private void run(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      failures++;
      LOG.log(System.Logger.Level.ERROR, "application event failed", e);
    }
  }

  /** Stops after the current event, drops what is still queued, and joins the thread. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      while (queue.poll(0) != null) {
        // Drain: the queue's slots are back to zero in use after shutdown.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.clear();
  }
}
