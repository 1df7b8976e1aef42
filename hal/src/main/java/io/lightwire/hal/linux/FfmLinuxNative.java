package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link LinuxNative} through Java's FFM API: direct downcalls into libc with {@code errno}
 * captured per call. The only class in Lightwire that makes native calls; it needs {@code
 * --enable-native-access=io.lightwire.hal}.
 */
public final class FfmLinuxNative implements LinuxNative {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle IOCTL =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle READ =
      downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE =
      downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL =
      downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

  /** One errno capture buffer per thread, allocated once. */
  private static final ThreadLocal<MemorySegment> CAPTURED =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

  /** Creates the boundary; the libc symbols are bound when the class loads. */
  public FfmLinuxNative() {}

  /**
   * A libc function bound with {@code errno} capture (the first argument of every handle is the
   * capture segment, {@link #captured()}). For this module's other native boundaries.
   */
  // The one place Lightwire binds native code; enabled with --enable-native-access.
  @SuppressWarnings("restricted")
  public static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = ERRNO_OPTION;
    System.arraycopy(extra, 0, options, 1, extra.length);
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** The calling thread's errno capture segment, allocated once per thread. */
  public static MemorySegment captured() {
    return CAPTURED.get();
  }

  /** The errno a call captured into {@code captured}. */
  public static int errno(MemorySegment captured) {
    return (int) ERRNO.get(captured, 0L);
  }

  /** Wraps the checked {@link Throwable} of {@code invokeExact}; downcalls never throw. */
  private static IllegalStateException unexpected(Throwable t) {
    return new IllegalStateException("native call failed unexpectedly", t);
  }

  @Override
  public int open(String path, int flags) {
    MemorySegment captured = CAPTURED.get();
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) OPEN.invokeExact(captured, arena.allocateFrom(path), flags, 0);
      if (fd < 0) {
        throw new NativeException("open", path, errno(captured));
      }
      return fd;
    } catch (NativeException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  @Override
  public void close(int fd) {
    MemorySegment captured = CAPTURED.get();
    int r;
    try {
      r = (int) CLOSE.invokeExact(captured, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw new NativeException("close", "fd " + fd, errno(captured));
    }
  }

  @Override
  public int ioctl(int fd, long request, MemorySegment argument) {
    MemorySegment captured = CAPTURED.get();
    int r;
    try {
      r = (int) IOCTL.invokeExact(captured, fd, request, argument);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw new NativeException(
          "ioctl(0x" + Long.toHexString(request) + ")", "fd " + fd, errno(captured));
    }
    return r;
  }

  @Override
  public long read(int fd, MemorySegment buffer, long length) {
    MemorySegment captured = CAPTURED.get();
    long r;
    try {
      r = (long) READ.invokeExact(captured, fd, buffer, Math.min(length, buffer.byteSize()));
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw new NativeException("read", "fd " + fd, errno(captured));
    }
    return r;
  }

  @Override
  public long write(int fd, MemorySegment buffer, long length) {
    MemorySegment captured = CAPTURED.get();
    long r;
    try {
      r = (long) WRITE.invokeExact(captured, fd, buffer, Math.min(length, buffer.byteSize()));
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw new NativeException("write", "fd " + fd, errno(captured));
    }
    return r;
  }

  @Override
  public int poll(MemorySegment pollfds, int count, int timeoutMillis) {
    MemorySegment captured = CAPTURED.get();
    int r;
    try {
      r = (int) POLL.invokeExact(captured, pollfds, (long) count, timeoutMillis);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      int errno = errno(captured);
      if (errno == NativeException.EINTR) {
        return 0;
      }
      throw new NativeException("poll", count + " fds", errno);
    }
    return r;
  }

  @Override
  public List<String> list(String directory) {
    try (Stream<Path> s = Files.list(Path.of(directory))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
