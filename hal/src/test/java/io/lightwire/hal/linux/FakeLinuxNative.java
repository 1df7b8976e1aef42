package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory kernel behind {@link LinuxNative}: GPIO character devices with lines, line fds,
 * values and edge events. It decodes the structures with the kernel's literal offsets and ioctl
 * numbers (from linux/gpio.h), independently of {@link GpioV2}, so it cross-checks the encoder.
 */
public final class FakeLinuxNative implements LinuxNative {

  /** A requested line as the kernel sees it. */
  public static final class Line {
    public final String chip;
    public final int offset;
    public final String consumer;
    public final long flags;
    public final int debounceMicros;
    public final List<Boolean> written = new ArrayList<>();
    public volatile boolean value;
    public volatile boolean released;
    final LinkedBlockingDeque<long[]> events = new LinkedBlockingDeque<>();
    int seqno;

    Line(String chip, int offset, String consumer, long flags, int debounce, boolean value) {
      this.chip = chip;
      this.offset = offset;
      this.consumer = consumer;
      this.flags = flags;
      this.debounceMicros = debounce;
      this.value = value;
    }
  }

  private record Chip(String name, String label, int lines) {}

  private final Map<String, Chip> chips = new HashMap<>();
  private final Map<Integer, Object> fds = new HashMap<>();
  private final Map<String, Integer> busy = new HashMap<>();
  private final List<Line> lines = new ArrayList<>();
  private int nextFd = 10;
  public int openFds;

  /** Adds {@code /dev/<name>} with a label and a number of lines. */
  public FakeLinuxNative chip(String name, String label, int count) {
    chips.put("/dev/" + name, new Chip(name, label, count));
    return this;
  }

  /** Makes requests for {@code offset} on chip {@code label} fail with EBUSY. */
  public void busy(String label, int offset) {
    busy.put(label, offset);
  }

  /** The most recent request of {@code offset}, or null. */
  public synchronized Line line(int offset) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).offset == offset) {
        return lines.get(i);
      }
    }
    return null;
  }

  /** Raises an edge on a requested line, as the hardware would. */
  public void edge(int offset, boolean rising, long timestampNanos) {
    Line l = line(offset);
    l.value = rising;
    l.events.add(new long[] {timestampNanos, rising ? 1 : 2});
  }

  @Override
  public synchronized int open(String path, int flags) {
    Chip c = chips.get(path);
    if (c == null) {
      throw new NativeException("open", path, NativeException.ENOENT);
    }
    int fd = nextFd++;
    fds.put(fd, c);
    openFds++;
    return fd;
  }

  @Override
  public synchronized void close(int fd) {
    Object o = fds.remove(fd);
    if (o == null) {
      throw new NativeException("close", "fd " + fd, 9);
    }
    if (o instanceof Line l) {
      l.released = true;
    }
    openFds--;
  }

  @Override
  public int ioctl(int fd, long request, MemorySegment arg) {
    Object o;
    synchronized (this) {
      o = fds.get(fd);
    }
    if (o instanceof Chip c) {
      if (request == 0x8044B401L) { // GPIO_GET_CHIPINFO_IOCTL
        arg.asSlice(0, 68).fill((byte) 0);
        byte[] name = c.name.getBytes(StandardCharsets.US_ASCII);
        byte[] label = c.label.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(name, 0, arg, JAVA_BYTE, 0, name.length);
        MemorySegment.copy(label, 0, arg, JAVA_BYTE, 32, label.length);
        arg.set(JAVA_INT, 64, c.lines);
        return 0;
      }
      if (request == 0xC250B407L) { // GPIO_V2_GET_LINE_IOCTL
        return requestLine(c, arg);
      }
    } else if (o instanceof Line l) {
      if (request == 0xC010B40FL) { // GPIO_V2_LINE_SET_VALUES_IOCTL
        if ((arg.get(JAVA_LONG, 8) & 1) != 0) {
          l.value = (arg.get(JAVA_LONG, 0) & 1) != 0;
          synchronized (l.written) {
            l.written.add(l.value);
          }
        }
        return 0;
      }
      if (request == 0xC010B40EL) { // GPIO_V2_LINE_GET_VALUES_IOCTL
        arg.set(JAVA_LONG, 0, l.value ? 1 : 0);
        return 0;
      }
    }
    throw new NativeException("ioctl", "fd " + fd, NativeException.ENOTTY);
  }

  private synchronized int requestLine(Chip c, MemorySegment req) {
    int numLines = req.get(JAVA_INT, 560);
    if (numLines != 1) {
      throw new NativeException("ioctl", c.name, NativeException.EINVAL);
    }
    int offset = req.get(JAVA_INT, 0);
    if (offset >= c.lines) {
      throw new NativeException("ioctl", c.name, NativeException.EINVAL);
    }
    if (Integer.valueOf(offset).equals(busy.get(c.label))) {
      throw new NativeException("ioctl", c.name, NativeException.EBUSY);
    }
    int len = 0;
    while (len < 32 && req.get(JAVA_BYTE, 256 + len) != 0) {
      len++;
    }
    byte[] consumer = new byte[len];
    MemorySegment.copy(req, JAVA_BYTE, 256, consumer, 0, len);
    long flags = req.get(JAVA_LONG, 288);
    int numAttrs = req.get(JAVA_INT, 296);
    boolean value = false;
    int debounce = 0;
    for (int i = 0; i < numAttrs; i++) {
      long a = 320 + i * 24L;
      int id = req.get(JAVA_INT, a);
      long mask = req.get(JAVA_LONG, a + 16);
      if ((mask & 1) == 0) {
        continue;
      }
      if (id == 2) {
        value = (req.get(JAVA_LONG, a + 8) & 1) != 0;
      } else if (id == 3) {
        debounce = req.get(JAVA_INT, a + 8);
      }
    }
    Line l =
        new Line(
            c.label,
            offset,
            new String(consumer, StandardCharsets.US_ASCII),
            flags,
            debounce,
            value);
    lines.add(l);
    int fd = nextFd++;
    fds.put(fd, l);
    openFds++;
    req.set(JAVA_INT, 588, fd);
    return 0;
  }

  @Override
  public long read(int fd, MemorySegment buffer, long length) {
    Line l;
    synchronized (this) {
      l = (Line) fds.get(fd);
    }
    long[] e = l.events.pollFirst();
    if (e == null) {
      throw new NativeException("read", "fd " + fd, 11); // EAGAIN
    }
    buffer.asSlice(0, 48).fill((byte) 0);
    buffer.set(JAVA_LONG, 0, e[0]);
    buffer.set(JAVA_INT, 8, (int) e[1]);
    buffer.set(JAVA_INT, 12, l.offset);
    buffer.set(JAVA_INT, 16, ++l.seqno);
    buffer.set(JAVA_INT, 20, l.seqno);
    return 48;
  }

  @Override
  public long write(int fd, MemorySegment buffer, long length) {
    throw new NativeException("write", "fd " + fd, NativeException.EINVAL);
  }

  @Override
  public int poll(MemorySegment pollfds, int count, int timeoutMillis) {
    int fd = pollfds.get(JAVA_INT, 0);
    Line l;
    synchronized (this) {
      l = (Line) fds.get(fd);
    }
    if (l == null) {
      throw new NativeException("poll", "fd " + fd, 9);
    }
    try {
      long[] e = l.events.pollFirst(timeoutMillis, TimeUnit.MILLISECONDS);
      if (e == null) {
        return 0;
      }
      l.events.addFirst(e);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return 0;
    }
    pollfds.set(JAVA_SHORT, 6, POLLIN);
    return 1;
  }

  @Override
  public List<String> list(String directory) {
    List<String> out = new ArrayList<>();
    for (String path : chips.keySet()) {
      if (path.startsWith(directory + "/")) {
        out.add(path.substring(directory.length() + 1));
      }
    }
    out.add("null");
    out.sort(null);
    return out;
  }
}
