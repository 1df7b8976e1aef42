package io.lightwire.hal.unix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.lightwire.hal.linux.FfmLinuxNative;
import io.lightwire.hal.linux.NativeException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Unix-domain datagram socket ({@code AF_UNIX}, {@code SOCK_DGRAM}) through FFM: the JDK's
 * channels speak Unix-domain streams only. Used for systemd's {@code sd_notify} protocol, where the
 * service sends {@code READY=1} or {@code WATCHDOG=1} to the socket named by {@code NOTIFY_SOCKET}
 * (a path, or an abstract name written {@code @name}). Sends never block ({@code MSG_DONTWAIT}): a
 * full receiver drops the message, as sd_notify does. One thread at a time.
 */
public final class UnixDatagram implements AutoCloseable {

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int MSG_DONTWAIT = 0x40;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int EAGAIN = 11;

  /** {@code struct sockaddr_un}: a 2-byte family and 108 bytes of path. */
  private static final int SUN_PATH_OFFSET = 2;

  private static final int SUN_PATH_BYTES = 108;
  private static final int POLLIN = 1;

  private static final MethodHandle SOCKET =
      FfmLinuxNative.downcall(
          "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDTO =
      FfmLinuxNative.downcall(
          "sendto",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle BIND =
      FfmLinuxNative.downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECV =
      FfmLinuxNative.downcall(
          "recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle POLL =
      FfmLinuxNative.downcall(
          "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle CLOSE =
      FfmLinuxNative.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

  private final Arena arena = Arena.ofShared();
  private final MemorySegment address = arena.allocate(SUN_PATH_OFFSET + SUN_PATH_BYTES);
  private final MemorySegment buffer;
  private final MemorySegment pollfd = arena.allocate(8);
  private int addressLength;
  private int fd;

  private UnixDatagram(int fd, int bufferBytes) {
    this.fd = fd;
    this.buffer = arena.allocate(bufferBytes);
  }

  /**
   * Opens an unbound socket whose messages are at most {@code bufferBytes} long.
   *
   * @throws IOException when the kernel refuses a socket (the errno says why)
   */
  public static UnixDatagram open(int bufferBytes) throws IOException {
    MemorySegment captured = FfmLinuxNative.captured();
    int fd;
    try {
      fd = (int) SOCKET.invokeExact(captured, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    } catch (Throwable t) {
      throw new IllegalStateException("socket() failed unexpectedly", t);
    }
    if (fd < 0) {
      throw failure("socket(AF_UNIX, SOCK_DGRAM)", "", FfmLinuxNative.errno(captured));
    }
    return new UnixDatagram(fd, bufferBytes);
  }

  /**
   * Sets where {@link #send} goes: a path, or {@code @name} for an abstract socket.
   *
   * @throws IllegalArgumentException when the name is empty or longer than 107 bytes
   */
  public UnixDatagram target(String socketName) {
    addressLength = fill(address, socketName);
    return this;
  }

  /**
   * Binds this socket to {@code socketName} (a path or {@code @name}) so that it can {@link
   * #receive}; for tests that play the service manager.
   */
  public UnixDatagram bind(String socketName) throws IOException {
    MemorySegment local = arena.allocate(SUN_PATH_OFFSET + SUN_PATH_BYTES);
    int length = fill(local, socketName);
    MemorySegment captured = FfmLinuxNative.captured();
    int r;
    try {
      r = (int) BIND.invokeExact(captured, fd, local, length);
    } catch (Throwable t) {
      throw new IllegalStateException("bind() failed unexpectedly", t);
    }
    if (r < 0) {
      throw failure("bind", socketName, FfmLinuxNative.errno(captured));
    }
    return this;
  }

  /**
   * Sends {@code message} (US-ASCII, as sd_notify's fields are) to the {@link #target}.
   *
   * @return true when the kernel took it; false when the receiver's queue was full
   * @throws IOException when the target does not exist or refuses (the errno says which)
   */
  public boolean send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length > buffer.byteSize()) {
      throw new IllegalArgumentException(
          "message of " + bytes.length + " bytes is longer than " + buffer.byteSize());
    }
    MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, 0, bytes.length);
    MemorySegment captured = FfmLinuxNative.captured();
    long r;
    try {
      r =
          (long)
              SENDTO.invokeExact(
                  captured,
                  fd,
                  buffer,
                  (long) bytes.length,
                  MSG_DONTWAIT | MSG_NOSIGNAL,
                  address,
                  addressLength);
    } catch (Throwable t) {
      throw new IllegalStateException("sendto() failed unexpectedly", t);
    }
    if (r < 0) {
      int errno = FfmLinuxNative.errno(captured);
      if (errno == EAGAIN) {
        return false;
      }
      throw failure("sendto", "the notify socket", errno);
    }
    return true;
  }

  /**
   * Waits up to {@code timeoutMillis} for one message.
   *
   * @return the message as text, or null when none came in time
   */
  public String receive(int timeoutMillis) throws IOException {
    pollfd.set(JAVA_INT, 0, fd);
    pollfd.set(JAVA_SHORT, 4, (short) POLLIN);
    pollfd.set(JAVA_SHORT, 6, (short) 0);
    MemorySegment captured = FfmLinuxNative.captured();
    try {
      int ready = (int) POLL.invokeExact(captured, pollfd, 1L, timeoutMillis);
      if (ready <= 0) {
        return null;
      }
      long n = (long) RECV.invokeExact(captured, fd, buffer, buffer.byteSize(), MSG_DONTWAIT);
      if (n < 0) {
        throw failure("recv", "fd " + fd, FfmLinuxNative.errno(captured));
      }
      byte[] bytes = buffer.asSlice(0, n).toArray(JAVA_BYTE);
      return new String(bytes, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("recv() failed unexpectedly", t);
    }
  }

  private static IOException failure(String call, String target, int errno) {
    return new IOException(new NativeException(call, target, errno).getMessage());
  }

  private static int fill(MemorySegment sockaddr, String socketName) {
    byte[] name = socketName.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length >= SUN_PATH_BYTES) {
      throw new IllegalArgumentException(
          "unix socket name '" + socketName + "' must have 1 to 107 bytes");
    }
    sockaddr.fill((byte) 0);
    sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
    MemorySegment.copy(name, 0, sockaddr, JAVA_BYTE, SUN_PATH_OFFSET, name.length);
    if (name[0] == '@') {
      sockaddr.set(JAVA_BYTE, SUN_PATH_OFFSET, (byte) 0); // abstract: no terminating NUL counts
      return SUN_PATH_OFFSET + name.length;
    }
    return SUN_PATH_OFFSET + name.length + 1;
  }

  @Override
  public void close() {
    if (fd >= 0) {
      try {
        int r = (int) CLOSE.invokeExact(FfmLinuxNative.captured(), fd);
        assert r == 0 || r < 0;
      } catch (Throwable t) {
        // closing a datagram socket cannot fail in a way worth reporting
      }
      fd = -1;
      arena.close();
    }
  }
}
