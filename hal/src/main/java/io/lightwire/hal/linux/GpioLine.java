package io.lightwire.hal.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One requested GPIO line. Its native structures (values, event, pollfd) are allocated once here,
 * so get, set and event reads allocate nothing. {@link #set}/{@link #get} may be called from any
 * thread; {@link #awaitEvent} from one event thread.
 */
public final class GpioLine implements AutoCloseable {

  /** {@link #awaitEvent} result: nothing within the timeout. */
  public static final int NO_EVENT = 0;

  private final LinuxNative linux;
  private final int fd;
  private final int offset;
  private final String chip;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment values = arena.allocate(GpioV2.LINE_VALUES_SIZE, 8);
  private final MemorySegment event = arena.allocate(GpioV2.LINE_EVENT_SIZE, 8);
  private long lastEventNanos;
  private volatile boolean closed;

  GpioLine(LinuxNative linux, int fd, int offset, String chip) {
    this.linux = linux;
    this.fd = fd;
    this.offset = offset;
    this.chip = chip;
  }

  /** The line offset on its chip. */
  public int offset() {
    return offset;
  }

  /** The line's file descriptor. */
  public int fd() {
    return fd;
  }

  /** Drives the line (raw level). */
  public synchronized void set(boolean high) {
    GpioV2.encodeValues(values, high);
    try {
      linux.ioctl(fd, GpioV2.LINE_SET_VALUES_IOCTL, values);
    } catch (NativeException e) {
      throw e.toDeviceIo("GPIO " + offset + " on " + chip);
    }
  }

  /** Reads the line (raw level). */
  public synchronized boolean get() {
    GpioV2.encodeValues(values, false);
    try {
      linux.ioctl(fd, GpioV2.LINE_GET_VALUES_IOCTL, values);
    } catch (NativeException e) {
      throw e.toDeviceIo("GPIO " + offset + " on " + chip);
    }
    return GpioV2.decodeValue(values);
  }

  /**
   * Reads one edge event; call when poll reported the line fd readable.
   *
   * @return {@link GpioV2#EVENT_RISING_EDGE}, {@link GpioV2#EVENT_FALLING_EDGE} or {@link
   *     #NO_EVENT}
   */
  public int readEvent() {
    if (closed) {
      return NO_EVENT;
    }
    long n = linux.read(fd, event, GpioV2.LINE_EVENT_SIZE);
    if (n < GpioV2.LINE_EVENT_SIZE) {
      return NO_EVENT;
    }
    lastEventNanos = GpioV2.eventTimestampNanos(event);
    return GpioV2.eventId(event);
  }

  /** The kernel timestamp of the last event read, CLOCK_MONOTONIC nanoseconds. */
  public long lastEventNanos() {
    return lastEventNanos;
  }

  /**
   * Releases the line and frees its native structures. Idempotent. Unregister it from the event
   * thread first.
   */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        linux.close(fd);
      } finally {
        arena.close();
      }
    }
  }
}
