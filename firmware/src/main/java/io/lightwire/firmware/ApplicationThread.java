package io.lightwire.firmware;

/**
 * The one thread where application code runs (seed 000's "application thread context"): it takes
 * events from the fixed {@link EventQueue} one at a time, so handlers need no locks. An event that
 * throws is logged and counted; the loop goes on.
 */
public final class ApplicationThread implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.app");
  private static final long POLL_MILLIS = 200;

  private final EventQueue queue;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long failures;

  /** Starts the thread {@code lightwire-app} over {@code queue}. */
  public ApplicationThread(EventQueue queue) {
    this.queue = queue;
    this.thread = Thread.ofPlatform().name("lightwire-app").unstarted(this::loop);
    thread.start();
  }

  /** Queues {@code event} to run on the application thread; false when the queue is full. */
  public boolean post(Runnable event) {
    return running && queue.offer(event);
  }

  /** Events that threw. */
  public long failures() {
    return failures;
  }

  private void loop() {
    while (running) {
      Runnable event;
      try {
        event = queue.poll(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        continue;
      }
      try {
        event.run();
      } catch (RuntimeException e) {
        failures++;
        LOG.log(System.Logger.Level.ERROR, "application event failed", e);
      }
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
  }
}
