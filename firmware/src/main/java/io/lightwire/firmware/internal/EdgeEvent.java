package io.lightwire.firmware.internal;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.GpioEdgeListener;
import io.lightwire.hal.Subscription;
import java.util.Arrays;

/**
 * The one event object of one input pin, made when the pin is opened and posted to the application
 * thread again and again, so an edge costs no allocation. It carries the newest level and timestamp
 * and a state: idle, queued (posted, not yet run) or stranded (the full queue refused it).
 *
 * <p>Bursts coalesce: an edge that arrives while the event is still queued only updates the level
 * and timestamp, and is counted as coalesced; the listeners then see the newest level once. An edge
 * the full queue refuses is counted as refused (and by the application thread's queue refusals);
 * the event stays stranded with the newest level until the next edge posts it again or the panel's
 * sweep timer, on the application thread, delivers it. So the application always ends up with the
 * pin's final level, and the hardware's event thread never waits for it.
 *
 * <p>Threads: {@link #hardwareEdge} on the hardware's event thread; {@link #run} and {@link
 * #deliverIfStranded} on the application thread; subscribing from any thread. The short monitor
 * guards the level, timestamp and state as one; uncontended it allocates nothing.
 */
final class EdgeEvent implements Runnable {

  private static final int IDLE = 0;
  private static final int QUEUED = 1;
  private static final int STRANDED = 2;

  private static final GpioEdgeListener[] NONE = new GpioEdgeListener[0];

  private final int bcm;
  private final ApplicationThread app;
  private volatile GpioEdgeListener[] listeners = NONE;
  private boolean level;
  private long timeNanos;
  private int state = IDLE;
  private long edges;
  private long coalesced;
  private long refused;
  private volatile long delivered;

  EdgeEvent(int bcm, ApplicationThread app) {
    this.bcm = bcm;
    this.app = app;
  }

  /** Hardware event thread: records the edge and posts this event unless it is already queued. */
  void hardwareEdge(boolean high, long nanos) {
    synchronized (this) {
      level = high;
      timeNanos = nanos;
      edges++;
      if (state == QUEUED) {
        coalesced++;
        return;
      }
      state = QUEUED;
    }
    // Posted outside the monitor: the queue has its own, and run() may be waiting for ours.
    if (!app.post(this)) {
      synchronized (this) {
        if (state == QUEUED) {
          state = STRANDED;
        }
        refused++;
      }
    }
  }

  /** Application thread: hands the newest level to every listener. */
  @Override
  public void run() {
    boolean high;
    long nanos;
    synchronized (this) {
      high = level;
      nanos = timeNanos;
      state = IDLE;
    }
    delivered++; // only the application thread writes it
    GpioEdgeListener[] now = listeners;
    for (GpioEdgeListener l : now) {
      l.onEdge(bcm, high, nanos);
    }
  }

  /** Application thread (the sweep timer): delivers an edge the full queue refused. */
  void deliverIfStranded() {
    boolean stranded;
    synchronized (this) {
      stranded = state == STRANDED;
    }
    if (stranded) {
      run();
    }
  }

  /** Adds {@code listener}; closing the result removes it (idempotent). */
  Subscription add(GpioEdgeListener listener) {
    synchronized (this) {
      GpioEdgeListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
      grown[grown.length - 1] = listener;
      listeners = grown;
    }
    return () -> remove(listener);
  }

  private synchronized void remove(GpioEdgeListener listener) {
    GpioEdgeListener[] now = listeners;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == listener) {
        GpioEdgeListener[] shrunk = new GpioEdgeListener[now.length - 1];
        System.arraycopy(now, 0, shrunk, 0, i);
        System.arraycopy(now, i + 1, shrunk, i, now.length - i - 1);
        listeners = shrunk;
        return;
      }
    }
  }

  /** Drops every listener (the panel is closing). */
  synchronized void clear() {
    listeners = NONE;
  }

  int bcm() {
    return bcm;
  }

  synchronized long edges() {
    return edges;
  }

  synchronized long coalesced() {
    return coalesced;
  }

  synchronized long refused() {
    return refused;
  }

  long delivered() {
    return delivered;
  }
}
