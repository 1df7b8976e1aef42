package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event thread for every input line of a chip: it polls all line fds at once (one {@code
 * pollfd} array, allocated once for {@link GpioV2#LINES_MAX} lines), reads each ready line's {@code
 * gpio_v2_line_event} and hands it to that line's handler. Registration changes take effect at the
 * next poll round ({@link #POLL_MILLIS} at most).
 */
final class GpioEvents implements AutoCloseable {

  /** How long one poll round blocks. */
  static final int POLL_MILLIS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(GpioEvents.class);

  /** Told about each edge of a line. */
  @FunctionalInterface
  interface Handler {
    /**
     * @param rising true for a rising edge
     * @param timestampNanos the kernel's CLOCK_MONOTONIC timestamp
     */
    void onEdge(boolean rising, long timestampNanos);
  }

  private final LinuxNative linux;
  private final String chip;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment pollfds =
      arena.allocate(GpioV2.LINES_MAX * LinuxNative.POLLFD_SIZE, 8);
  private final GpioLine[] lines = new GpioLine[GpioV2.LINES_MAX];
  private final Handler[] handlers = new Handler[GpioV2.LINES_MAX];
  private final ReentrantLock lock = new ReentrantLock();
  private int count;
  private Thread thread;
  private volatile boolean running = true;

  GpioEvents(LinuxNative linux, String chip) {
    this.linux = linux;
    this.chip = chip;
  }

  /** Starts delivering {@code line}'s edges to {@code handler}. */
  void register(GpioLine line, Handler handler) {
    lock.lock();
    try {
      if (count == lines.length) {
        throw new IllegalStateException(chip + ": more than " + lines.length + " input lines");
      }
      lines[count] = line;
      handlers[count] = handler;
      count++;
      if (thread == null) {
        thread = Thread.ofPlatform().daemon().name("lightwire-gpio-events").start(this::loop);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops delivering {@code line}'s edges. When this returns the event thread no longer touches the
   * line, so it may be closed.
   */
  void unregister(GpioLine line) {
    lock.lock();
    try {
      for (int i = 0; i < count; i++) {
        if (lines[i] == line) {
          count--;
          lines[i] = lines[count];
          handlers[i] = handlers[count];
          lines[count] = null;
          handlers[count] = null;
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      lock.lock();
      try {
        if (count == 0) {
          idle();
          continue;
        }
        for (int i = 0; i < count; i++) {
          long p = i * LinuxNative.POLLFD_SIZE;
          pollfds.set(JAVA_INT, p, lines[i].fd());
          pollfds.set(JAVA_SHORT, p + 4, LinuxNative.POLLIN);
          pollfds.set(JAVA_SHORT, p + 6, (short) 0);
        }
        if (linux.poll(pollfds, count, POLL_MILLIS) <= 0) {
          continue;
        }
        for (int i = 0; i < count; i++) {
          long p = i * LinuxNative.POLLFD_SIZE;
          if ((pollfds.get(JAVA_SHORT, p + 6) & LinuxNative.POLLIN) != 0) {
            int id = lines[i].readEvent();
            if (id == GpioV2.EVENT_RISING_EDGE || id == GpioV2.EVENT_FALLING_EDGE) {
              handlers[i].onEdge(id == GpioV2.EVENT_RISING_EDGE, lines[i].lastEventNanos());
            }
          }
        }
      } catch (NativeException e) {
        LOG.warn("{}: reading GPIO events failed; retrying", chip, e);
      } catch (RuntimeException e) {
        LOG.warn("{}: a GPIO edge handler failed", chip, e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** No lines: wait outside the lock so registration is not delayed. */
  private void idle() {
    lock.unlock();
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      running = false;
    } finally {
      lock.lock();
    }
  }

  @Override
  public void close() {
    running = false;
    Thread t;
    lock.lock();
    try {
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    arena.close();
  }
}
