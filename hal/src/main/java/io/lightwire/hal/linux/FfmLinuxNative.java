package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

  /**
   * C's {@code long} and {@code size_t} as this platform has them (8 bytes on arm64 and x86-64, 4
   * on 32-bit ARM): {@code ioctl}'s request, {@code read}/{@code write}'s sizes and {@code poll}'s
   * {@code nfds_t} are bound with these, and each handle is then cast to Java {@code long}s, so the
   * calls below are the same on a 64-bit and a 32-bit userland.
   */
  public static final ValueLayout C_LONG = (ValueLayout) LINKER.canonicalLayouts().get("long");

  public static final ValueLayout C_SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");

  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          MethodType.methodType(int.class, MemorySegment.class, int.class, int.class),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      downcall(
          "close",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT),
          MethodType.methodType(int.class, int.class));
  private static final MethodHandle IOCTL =
      downcall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, C_LONG, ADDRESS),
          MethodType.methodType(int.class, int.class, long.class, MemorySegment.class),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle READ =
      downcall(
          "read",
          FunctionDescriptor.of(C_SIZE_T, JAVA_INT, ADDRESS, C_SIZE_T),
          MethodType.methodType(long.class, int.class, MemorySegment.class, long.class));
  private static final MethodHandle WRITE =
      downcall(
          "write",
          FunctionDescriptor.of(C_SIZE_T, JAVA_INT, ADDRESS, C_SIZE_T),
          MethodType.methodType(long.class, int.class, MemorySegment.class, long.class));
  private static final MethodHandle POLL =
      downcall(
          "poll",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, C_LONG, JAVA_INT),
          MethodType.methodType(int.class, MemorySegment.class, long.class, int.class));

  /** One errno capture buffer per thread, allocated once. */
  private static final ThreadLocal<MemorySegment> CAPTURED =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

  /** Creates the boundary; the libc symbols are bound when the class loads. */
  public FfmLinuxNative() {}

  /**
   * A libc function bound with {@code errno} capture (the first argument of every handle is the
   * capture segment, {@link #captured()}), its platform-sized integers cast to {@code javaType}'s
   * Java types. For this module's other native boundaries.
   */
  // The one place Lightwire binds native code; enabled with --enable-native-access.
  @SuppressWarnings("restricted")
  public static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, MethodType javaType, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = ERRNO_OPTION;
    System.arraycopy(extra, 0, options, 1, extra.length);
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    MethodHandle handle = LINKER.downcallHandle(symbol, descriptor, options);
    // Platform-sized integers (C long, size_t) become Java longs: widened or narrowed here, once.
    return MethodHandles.explicitCastArguments(
        handle, javaType.insertParameterTypes(0, MemorySegment.class));
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
