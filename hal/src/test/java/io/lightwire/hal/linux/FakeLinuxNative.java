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

  private record I2cBus(int bus) {}

  private record SpiDevice(String path) {}

  private record SysFile(String path) {}

  /** I2C peripherals: bus -> address -> 256 registers. */
  private final Map<Integer, Map<Integer, byte[]>> i2c = new HashMap<>();

  private final Map<Integer, Integer> i2cPointer = new HashMap<>();

  /** Every I2C transaction as text, e.g. {@code "W76[d0] R76(1)"} (one ioctl per entry). */
  public final List<String> i2cLog = new ArrayList<>();

  /** Every spidev ioctl as text. */
  public final List<String> spiLog = new ArrayList<>();

  /** Every sysfs write as {@code path=value}. */
  public final List<String> sysfsLog = new ArrayList<>();

  private final java.util.Set<String> spidevs = new java.util.HashSet<>();
  private final java.util.Set<String> pwmChips = new java.util.HashSet<>();
  private final java.util.Set<String> exported = new java.util.HashSet<>();

  /** Adds a register-file peripheral at {@code address} on {@code /dev/i2c-<bus>}. */
  public byte[] i2cDevice(int bus, int address) {
    byte[] regs = new byte[256];
    i2c.computeIfAbsent(bus, b -> new HashMap<>()).put(address, regs);
    return regs;
  }

  /** Adds {@code /dev/spidev<bus>.<cs>}; MISO answers the inverted MOSI bytes. */
  public void spidev(int bus, int cs) {
    spidevs.add("/dev/spidev" + bus + "." + cs);
  }

  /** Adds {@code /sys/class/pwm/pwmchip<chip>}. */
  public void pwmChip(int chip) {
    pwmChips.add("/sys/class/pwm/pwmchip" + chip);
  }

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
    synchronized (edgeSignal) {
      edgeSignal.notifyAll();
    }
  }

  @Override
  public synchronized int open(String path, int flags) {
    Object o = chips.get(path);
    if (o == null && path.startsWith("/dev/i2c-")) {
      int bus = Integer.parseInt(path.substring("/dev/i2c-".length()));
      o = i2c.containsKey(bus) ? new I2cBus(bus) : null;
    }
    if (o == null && spidevs.contains(path)) {
      o = new SpiDevice(path);
    }
    if (o == null && path.startsWith("/sys/class/pwm/")) {
      String chip = path.substring(0, path.indexOf('/', "/sys/class/pwm/".length()));
      String rest = path.substring(chip.length() + 1);
      boolean channelFile =
          rest.startsWith("pwm")
              && exported.contains(chip + "/" + rest.substring(0, rest.indexOf('/')));
      if (pwmChips.contains(chip)
          && (channelFile || rest.equals("export") || rest.equals("unexport"))) {
        o = new SysFile(path);
      }
    }
    if (o == null) {
      throw new NativeException("open", path, NativeException.ENOENT);
    }
    int fd = nextFd++;
    fds.put(fd, o);
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
    if (o instanceof I2cBus b && request == 0x0707L) { // I2C_RDWR
      return i2cRdwr(b.bus, arg);
    }
    if (o instanceof SpiDevice d) {
      return spi(d.path, request, arg);
    }
    throw new NativeException("ioctl", "fd " + fd, NativeException.ENOTTY);
  }

  /** Follows a pointer field: the kernel's copy_from_user. */
  @SuppressWarnings("restricted")
  private static MemorySegment deref(MemorySegment s, long offset, long size) {
    return s.get(java.lang.foreign.ValueLayout.ADDRESS, offset).reinterpret(size);
  }

  private synchronized int i2cRdwr(int bus, MemorySegment rdwr) {
    int count = rdwr.get(JAVA_INT, 8);
    MemorySegment msgs = deref(rdwr, 0, 16L * count);
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < count; i++) {
      long m = 16L * i;
      int addr = msgs.get(JAVA_SHORT, m) & 0xffff;
      int flags = msgs.get(JAVA_SHORT, m + 2) & 0xffff;
      int len = msgs.get(JAVA_SHORT, m + 4) & 0xffff;
      MemorySegment buf = deref(msgs, m + 8, len);
      byte[] regs = i2c.get(bus).get(addr);
      if (regs == null) {
        throw new NativeException("ioctl(I2C_RDWR)", "/dev/i2c-" + bus, NativeException.EREMOTEIO);
      }
      int key = bus << 8 | addr;
      if (!log.isEmpty()) {
        log.append(' ');
      }
      if ((flags & 1) != 0) {
        int p = i2cPointer.getOrDefault(key, 0);
        for (int j = 0; j < len; j++) {
          buf.set(JAVA_BYTE, j, regs[(p + j) & 0xff]);
        }
        i2cPointer.put(key, (p + len) & 0xff);
        log.append(String.format("R%02x(%d)", addr, len));
      } else {
        log.append(String.format("W%02x[", addr));
        int p = len > 0 ? buf.get(JAVA_BYTE, 0) & 0xff : 0;
        for (int j = 0; j < len; j++) {
          log.append(String.format(j == 0 ? "%02x" : " %02x", buf.get(JAVA_BYTE, j)));
          if (j > 0) {
            regs[(p + j - 1) & 0xff] = buf.get(JAVA_BYTE, j);
          }
        }
        log.append(']');
        i2cPointer.put(key, (p + Math.max(0, len - 1)) & 0xff);
      }
    }
    i2cLog.add(log.toString());
    return count;
  }

  private synchronized int spi(String path, long request, MemorySegment arg) {
    if (request == 0x40016B01L) {
      spiLog.add("mode=" + arg.get(JAVA_BYTE, 0));
    } else if (request == 0x40016B03L) {
      spiLog.add("bits=" + arg.get(JAVA_BYTE, 0));
    } else if (request == 0x40046B04L) {
      spiLog.add("speed=" + arg.get(JAVA_INT, 0));
    } else if (request == 0x40206B00L) { // SPI_IOC_MESSAGE(1)
      int len = arg.get(JAVA_INT, 16);
      MemorySegment tx = deref(arg, 0, len);
      MemorySegment rx = deref(arg, 8, len);
      for (int i = 0; i < len; i++) {
        rx.set(JAVA_BYTE, i, (byte) ~tx.get(JAVA_BYTE, i));
      }
      spiLog.add(
          "transfer len="
              + len
              + " speed="
              + arg.get(JAVA_INT, 20)
              + " bits="
              + arg.get(JAVA_BYTE, 26));
    } else {
      throw new NativeException("ioctl", path, NativeException.ENOTTY);
    }
    return 0;
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
  public synchronized long write(int fd, MemorySegment buffer, long length) {
    if (!(fds.get(fd) instanceof SysFile f)) {
      throw new NativeException("write", "fd " + fd, NativeException.EINVAL);
    }
    byte[] b = new byte[(int) length];
    MemorySegment.copy(buffer, JAVA_BYTE, 0, b, 0, b.length);
    String value = new String(b, StandardCharsets.US_ASCII);
    sysfsLog.add(f.path.substring("/sys/class/pwm/".length()) + "=" + value);
    String chip = f.path.substring(0, f.path.lastIndexOf('/'));
    if (f.path.endsWith("/export")) {
      exported.add(chip + "/pwm" + value);
    } else if (f.path.endsWith("/unexport")) {
      exported.remove(chip + "/pwm" + value);
    }
    return length;
  }

  private final Object edgeSignal = new Object();

  @Override
  public int poll(MemorySegment pollfds, int count, int timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      int ready = 0;
      for (int i = 0; i < count; i++) {
        int fd = pollfds.get(JAVA_INT, 8L * i);
        Line l;
        synchronized (this) {
          l = fds.get(fd) instanceof Line line ? line : null;
        }
        if (l == null) {
          throw new NativeException("poll", "fd " + fd, 9);
        }
        boolean has = !l.events.isEmpty();
        pollfds.set(JAVA_SHORT, 8L * i + 6, has ? POLLIN : 0);
        if (has) {
          ready++;
        }
      }
      long left = deadline - System.nanoTime();
      if (ready > 0 || left <= 0) {
        return ready;
      }
      synchronized (edgeSignal) {
        try {
          edgeSignal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 0;
        }
      }
    }
  }

  @Override
  public synchronized List<String> list(String directory) {
    List<String> out = new ArrayList<>();
    for (String e : exported) {
      if (e.startsWith(directory + "/")) {
        out.add(e.substring(directory.length() + 1));
      }
    }
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
