package io.lightwire.hal.linux;

import io.lightwire.hal.DeviceIoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPIO character device chosen by its label (e.g. {@code pinctrl-rp1} on the Pi 5, whose number
 * changed between kernels). Requests lines; thread-safe.
 */
public final class GpioChip implements AutoCloseable {

  private final LinuxNative linux;
  private final int fd;
  private final String path;
  private final String label;
  private final int lines;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment request = arena.allocate(GpioV2.LINE_REQUEST_SIZE, 8);
  private final MemorySegment info = arena.allocate(GpioV2.LINE_INFO_SIZE, 8);

  private GpioChip(LinuxNative linux, int fd, String path, String label, int lines) {
    this.linux = linux;
    this.fd = fd;
    this.path = path;
    this.label = label;
    this.lines = lines;
  }

  /**
   * Opens the {@code /dev/gpiochip*} whose label is {@code label}.
   *
   * @throws DeviceIoException {@link DeviceIoException.Reason#NOT_FOUND} naming the chips found
   */
  public static GpioChip openByLabel(LinuxNative linux, String label) {
    List<String> seen = new ArrayList<>();
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment info = scratch.allocate(GpioV2.CHIPINFO_SIZE, 8);
      for (String name : linux.list("/dev")) {
        if (!name.startsWith("gpiochip")) {
          continue;
        }
        String path = "/dev/" + name;
        int fd;
        try {
          fd = linux.open(path, LinuxNative.O_RDWR | LinuxNative.O_CLOEXEC);
        } catch (NativeException e) {
          seen.add(name + " (" + NativeException.name(e.errno()) + ")");
          continue;
        }
        boolean keep = false;
        try {
          linux.ioctl(fd, GpioV2.GET_CHIPINFO_IOCTL, info);
          String found = GpioV2.chipLabel(info);
          seen.add(name + " (" + found + ")");
          if (found.equals(label)) {
            keep = true;
            return new GpioChip(linux, fd, path, found, GpioV2.chipLines(info));
          }
        } catch (NativeException e) {
          seen.add(name + " (" + NativeException.name(e.errno()) + ")");
        } finally {
          if (!keep) {
            linux.close(fd);
          }
        }
      }
    }
    throw new DeviceIoException(
        DeviceIoException.Reason.NOT_FOUND,
        "no GPIO chip labelled '" + label + "'; found: " + (seen.isEmpty() ? "none" : seen));
  }

  /** The chip's label. */
  public String label() {
    return label;
  }

  /** The chip's device path. */
  public String path() {
    return path;
  }

  /** Number of lines on the chip. */
  public int lines() {
    return lines;
  }

  /**
   * What the kernel reports about line {@code offset} (name, holder, flags, debounce).
   *
   * @throws DeviceIoException when the offset is out of range or the kernel refuses
   */
  public synchronized GpioLineInfo lineInfo(int offset) {
    checkOffset(offset);
    GpioV2.encodeLineInfoQuery(info, offset);
    try {
      linux.ioctl(fd, GpioV2.GET_LINEINFO_IOCTL, info);
    } catch (NativeException e) {
      throw e.toDeviceIo("GPIO " + offset + " on " + label);
    }
    return GpioV2.decodeLineInfo(info);
  }

  /**
   * The offset of the line named {@code name} (e.g. {@code GPIO17} in a Pi's device tree).
   *
   * @throws DeviceIoException {@link DeviceIoException.Reason#NOT_FOUND} when no line has the name
   */
  public synchronized int lineByName(String name) {
    for (int offset = 0; offset < lines; offset++) {
      if (lineInfo(offset).name().equals(name)) {
        return offset;
      }
    }
    throw new DeviceIoException(
        DeviceIoException.Reason.NOT_FOUND, label + " has no line named '" + name + "'");
  }

  private void checkOffset(int offset) {
    if (offset < 0 || offset >= lines) {
      throw new DeviceIoException(
          DeviceIoException.Reason.NOT_FOUND,
          label + " has lines 0.." + (lines - 1) + "; there is no line " + offset);
    }
  }

  /**
   * Requests one line.
   *
   * @param flags {@code GpioV2.FLAG_*}
   * @throws DeviceIoException when the offset is out of range or the kernel refuses (EBUSY when
   *     another process holds the line)
   */
  public synchronized GpioLine request(
      int offset, String consumer, long flags, boolean outputHigh, long debounceMicros) {
    checkOffset(offset);
    GpioV2.encodeLineRequest(request, offset, consumer, flags, outputHigh, debounceMicros, 0);
    try {
      linux.ioctl(fd, GpioV2.GET_LINE_IOCTL, request);
    } catch (NativeException e) {
      throw e.toDeviceIo("GPIO " + offset + " on " + label);
    }
    return new GpioLine(linux, GpioV2.requestFd(request), offset, label);
  }

  @Override
  public void close() {
    linux.close(fd);
    arena.close();
  }
}
