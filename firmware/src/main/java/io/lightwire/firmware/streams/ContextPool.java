package io.lightwire.firmware.streams;

import io.lightwire.websock.pool.BufferPool;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The output contexts: one per buffer of the {@code stream messages} pool, made at boot, taken and
 * given back with the buffer. Also where contexts neither flushed nor aborted are found: a write
 * context still being filled after the lease is reclaimed and reported.
 */
final class ContextPool {

  private final BufferPool pool;
  private final StreamContext[] contexts;
  private final long leaseNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong leaked = new AtomicLong();
  private final AtomicLong exhausted = new AtomicLong();
  private volatile long nextSweepNanos;
  private volatile boolean closed;

  /**
   * @param leaseNanos how long a write context may stay unflushed before a sweep reclaims it
   * @param nanoClock the time leases are measured in ({@link System#nanoTime()} scale; tests pass
   *     their own to advance time instead of sleeping)
   */
  ContextPool(
      BufferPool pool,
      long leaseNanos,
      LongSupplier nanoClock,
      StreamsCore owner,
      Delivery delivery) {
    this.pool = pool;
    this.leaseNanos = leaseNanos;
    this.nanoClock = nanoClock;
    this.contexts = new StreamContext[pool.capacity()];
    ByteBuffer[] taken = new ByteBuffer[contexts.length];
    for (int i = 0; i < taken.length; i++) {
      taken[i] = pool.acquire();
      if (taken[i] == null) {
        throw new IllegalStateException("stream messages pool is in use already");
      }
    }
    for (ByteBuffer buffer : taken) {
      int index = pool.indexOf(buffer);
      contexts[index] = new StreamContext(index, buffer, owner, delivery);
      pool.release(buffer);
    }
  }

  BufferPool pool() {
    return pool;
  }

  long leaked() {
    return leaked.get();
  }

  long exhausted() {
    return exhausted.get();
  }

  /**
   * A context for the answer to a page's request, or null when the page has {@code perPage} answers
   * in flight already or every buffer is in use. Service thread.
   */
  StreamContext acquireAnswer(StreamClient client, String stream, int id, int perPage) {
    ClientSlot slot = client.slot;
    if (slot.answersInFlight.incrementAndGet() > perPage) {
      slot.answersInFlight.decrementAndGet();
      return null;
    }
    StreamContext c = acquire(StreamContext.KIND_REPLY, client, stream, id);
    if (c == null) {
      slot.answersInFlight.decrementAndGet();
    }
    return c;
  }

  /** A context for a new message, or null when every buffer is in use (or after close). */
  StreamContext acquire(int kind, StreamClient target, String stream, int requestId) {
    if (closed) {
      return null;
    }
    ByteBuffer buffer = pool.acquire();
    if (buffer == null && sweepNow() > 0) {
      buffer = pool.acquire();
    }
    if (buffer == null) {
      exhausted.incrementAndGet();
      return null;
    }
    StreamContext c = contexts[pool.indexOf(buffer)];
    synchronized (c) {
      c.state = StreamContext.FILLING;
      c.waiter = false;
    }
    c.begin(kind, target, stream, requestId, nanoClock.getAsLong());
    return c;
  }

  /** Gives {@code c} back; a context already free is left alone, so this is safe to repeat. */
  void release(StreamContext c) {
    synchronized (c) {
      if (c.state == StreamContext.FREE) {
        return;
      }
      c.state = StreamContext.FREE;
    }
    if (c.kind == StreamContext.KIND_REPLY && c.target != null) {
      c.target.slot.answersInFlight.decrementAndGet();
    }
    c.target = null;
    pool.release(c.slot);
  }

  /** Sweeps for leaks at most twice per lease. */
  void maybeSweep() {
    long now = nanoClock.getAsLong();
    if (now - nextSweepNanos >= 0) {
      nextSweepNanos = now + leaseNanos / 2;
      sweep(now);
    }
  }

  /** {@link #sweep} at the pool's clock's now. */
  int sweepNow() {
    return sweep(nanoClock.getAsLong());
  }

  /** Reclaims write contexts filled for longer than the lease; returns how many. */
  int sweep(long now) {
    int reclaimed = 0;
    for (StreamContext c : contexts) {
      String stream;
      String by;
      long age;
      synchronized (c) {
        age = now - c.acquiredNanos;
        if (c.state != StreamContext.FILLING
            || c.kind != StreamContext.KIND_WRITE
            || age <= leaseNanos) {
          continue;
        }
        stream = c.stream;
        by = c.acquiredBy;
        // Claimed under the lock: a flush or abort racing this sweep now finds it taken.
        c.state = StreamContext.DONE;
      }
      release(c);
      reclaimed++;
      leaked.incrementAndGet();
      Streams.LOG.log(
          System.Logger.Level.WARNING,
          "stream context for '"
              + stream
              + "' taken by thread "
              + by
              + " "
              + age / 1_000_000L
              + " ms ago was neither flushed nor aborted: reclaimed (a leak in the caller)");
    }
    return reclaimed;
  }

  /** Shutdown: every context goes back; a write still being filled counts as leaked. */
  void reclaimAll() {
    closed = true;
    for (StreamContext c : contexts) {
      boolean filling;
      synchronized (c) {
        if (c.state == StreamContext.FREE) {
          continue;
        }
        filling = c.state == StreamContext.FILLING && c.kind == StreamContext.KIND_WRITE;
        c.state = StreamContext.DONE; // claimed: whoever still holds it finds it taken
      }
      if (filling) {
        leaked.incrementAndGet();
        Streams.LOG.log(
            System.Logger.Level.WARNING,
            "at shutdown, stream context for '" + c.stream + "' was neither flushed nor aborted");
      }
      release(c);
    }
  }
}
