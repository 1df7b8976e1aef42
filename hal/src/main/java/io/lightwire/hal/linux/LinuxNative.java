package io.lightwire.hal.linux;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The thin native boundary: every system call the Linux providers make goes through one of these
 * methods, so tests replace the whole kernel with an in-memory fake. Each call either returns its
 * non-negative result or throws {@link NativeException} carrying {@code errno}. Structures are
 * passed as caller-owned native segments, preallocated per line or device.
 */
public interface LinuxNative {

  /** {@code O_RDONLY}. */
  int O_RDONLY = 0;

  /** {@code O_WRONLY}. */
  int O_WRONLY = 1;

  /** {@code O_RDWR}. */
  int O_RDWR = 2;

  /** {@code O_CLOEXEC} (02000000 on x86-64 and arm64). */
  int O_CLOEXEC = 0x80000;

  /** {@code POLLIN}. */
  short POLLIN = 1;

  /** {@code sizeof(struct pollfd)}: int fd, short events, short revents. */
  long POLLFD_SIZE = 8;

  /** {@code open(2)}; returns the file descriptor. */
  int open(String path, int flags);

  /** {@code close(2)}. */
  void close(int fd);

  /** {@code ioctl(2)} with a pointer argument; returns the ioctl's result. */
  int ioctl(int fd, long request, MemorySegment argument);

  /** {@code read(2)} into the first {@code length} bytes of {@code buffer}; returns bytes read. */
  long read(int fd, MemorySegment buffer, long length);

  /**
   * {@code write(2)} of the first {@code length} bytes of {@code buffer}; returns bytes written.
   */
  long write(int fd, MemorySegment buffer, long length);

  /**
   * {@code poll(2)} on {@code count} {@code struct pollfd} entries in {@code pollfds}.
   *
   * @return the number of entries with events, 0 on timeout
   */
  int poll(MemorySegment pollfds, int count, int timeoutMillis);

  /** The names in a directory (e.g. {@code gpiochip0} in {@code /dev}); empty when missing. */
  List<String> list(String directory);
}
