package io.lightwire.hal.linux;

import io.lightwire.hal.DeviceIoException;

/** A system call failed; carries the call, its target and {@code errno}. */
public final class NativeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Operation not permitted. */
  public static final int EPERM = 1;

  /** No such file or directory. */
  public static final int ENOENT = 2;

  /** Interrupted system call. */
  public static final int EINTR = 4;

  /** I/O error. */
  public static final int EIO = 5;

  /** No such device or address (I2C: no acknowledge on some adapters). */
  public static final int ENXIO = 6;

  /** Bad file descriptor. */
  public static final int EBADF = 9;

  /** Try again (I2C: arbitration lost; a non-blocking read found nothing). */
  public static final int EAGAIN = 11;

  /** Out of memory (spidev: a transfer larger than its buffer). */
  public static final int ENOMEM = 12;

  /** Permission denied. */
  public static final int EACCES = 13;

  /** Bad address. */
  public static final int EFAULT = 14;

  /** Device or resource busy. */
  public static final int EBUSY = 16;

  /** No such device. */
  public static final int ENODEV = 19;

  /** Invalid argument. */
  public static final int EINVAL = 22;

  /** Too many open files in the system. */
  public static final int ENFILE = 23;

  /** Too many open files. */
  public static final int EMFILE = 24;

  /** Inappropriate ioctl for device. */
  public static final int ENOTTY = 25;

  /** No space left on device. */
  public static final int ENOSPC = 28;

  /** Read-only file system. */
  public static final int EROFS = 30;

  /** Result out of range. */
  public static final int ERANGE = 34;

  /** Function not implemented. */
  public static final int ENOSYS = 38;

  /** Protocol error (I2C: the peripheral broke the protocol). */
  public static final int EPROTO = 71;

  /** Bad message (I2C: SMBus PEC mismatch). */
  public static final int EBADMSG = 74;

  /** Value too large for defined data type. */
  public static final int EOVERFLOW = 75;

  /** Message too long (SPI: a transfer longer than the controller allows). */
  public static final int EMSGSIZE = 90;

  /**
   * Operation not supported (I2C: an SMBus-only adapter refuses I2C_RDWR; GPIO: no bias or debounce
   * support).
   */
  public static final int EOPNOTSUPP = 95;

  /** Cannot send after transport endpoint shutdown (spidev: the controller is gone). */
  public static final int ESHUTDOWN = 108;

  /** Connection timed out (I2C: clock stretching or bus timeout). */
  public static final int ETIMEDOUT = 110;

  /** Remote I/O error (I2C: no acknowledge). */
  public static final int EREMOTEIO = 121;

  /** Kernel-internal: interrupted, restart (seen when a signal interrupts a driver). */
  public static final int ERESTARTSYS = 512;

  /** Kernel-internal: the driver deferred its probe. */
  public static final int EPROBE_DEFER = 517;

  /** Kernel-internal "not supported" that some GPIO drivers leak (bias, debounce). */
  public static final int ENOTSUPP = 524;

  private final int errno;

  /**
   * @param call e.g. {@code "ioctl(GPIO_V2_GET_LINE_IOCTL)"}
   * @param target the path or fd the call was made on
   * @param errno the error number
   */
  public NativeException(String call, String target, int errno) {
    super(call + " on " + target + " failed: " + describe(errno));
    this.errno = errno;
  }

  /** The error number. */
  public int errno() {
    return errno;
  }

  /** The symbolic name of an errno value, or {@code "errno N"} for one not listed here. */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EIO -> "EIO";
      case ENXIO -> "ENXIO";
      case EBADF -> "EBADF";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EFAULT -> "EFAULT";
      case EBUSY -> "EBUSY";
      case ENODEV -> "ENODEV";
      case EINVAL -> "EINVAL";
      case ENFILE -> "ENFILE";
      case EMFILE -> "EMFILE";
      case ENOTTY -> "ENOTTY";
      case ENOSPC -> "ENOSPC";
      case EROFS -> "EROFS";
      case ERANGE -> "ERANGE";
      case ENOSYS -> "ENOSYS";
      case EPROTO -> "EPROTO";
      case EBADMSG -> "EBADMSG";
      case EOVERFLOW -> "EOVERFLOW";
      case EMSGSIZE -> "EMSGSIZE";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case ESHUTDOWN -> "ESHUTDOWN";
      case ETIMEDOUT -> "ETIMEDOUT";
      case EREMOTEIO -> "EREMOTEIO";
      case ERESTARTSYS -> "ERESTARTSYS";
      case EPROBE_DEFER -> "EPROBE_DEFER";
      case ENOTSUPP -> "ENOTSUPP";
      default -> "errno " + errno;
    };
  }

  /**
   * {@code "EOPNOTSUPP (errno 95): operation not supported"}, or {@code "errno N"} for an errno not
   * listed here.
   */
  public static String describe(int errno) {
    String text =
        switch (errno) {
          case EPERM -> "operation not permitted";
          case ENOENT -> "no such file or directory";
          case EINTR -> "interrupted system call";
          case EIO -> "I/O error";
          case ENXIO -> "no such device or address";
          case EBADF -> "bad file descriptor";
          case EAGAIN -> "resource temporarily unavailable";
          case ENOMEM -> "out of memory";
          case EACCES -> "permission denied";
          case EFAULT -> "bad address";
          case EBUSY -> "device or resource busy";
          case ENODEV -> "no such device";
          case EINVAL -> "invalid argument";
          case ENFILE -> "too many open files in system";
          case EMFILE -> "too many open files";
          case ENOTTY -> "inappropriate ioctl for device";
          case ENOSPC -> "no space left on device";
          case EROFS -> "read-only file system";
          case ERANGE -> "result out of range";
          case ENOSYS -> "function not implemented";
          case EPROTO -> "protocol error";
          case EBADMSG -> "bad message";
          case EOVERFLOW -> "value too large";
          case EMSGSIZE -> "message too long";
          case EOPNOTSUPP -> "operation not supported";
          case ESHUTDOWN -> "device shut down";
          case ETIMEDOUT -> "timed out";
          case EREMOTEIO -> "remote I/O error";
          case ERESTARTSYS -> "interrupted";
          case EPROBE_DEFER -> "driver probe deferred";
          case ENOTSUPP -> "operation not supported by the driver";
          default -> null;
        };
    return text == null ? "errno " + errno : name(errno) + " (errno " + errno + "): " + text;
  }

  /**
   * This failure as a {@link DeviceIoException} for {@code device}, with {@code whenMissing} (what
   * enables the device) appended when the device does not exist, and the group advice when it may
   * not be opened.
   */
  public DeviceIoException toDeviceIo(String device, String whenMissing) {
    String hint =
        switch (errno) {
          case ENOENT, ENODEV -> whenMissing;
          case EACCES, EPERM -> EnableHints.permission();
          default -> null;
        };
    DeviceIoException plain = toDeviceIo(device);
    return hint == null
        ? plain
        : new DeviceIoException(plain.reason(), plain.getMessage() + ": " + hint, this);
  }

  /** This failure as a {@link DeviceIoException} for {@code device}. */
  public DeviceIoException toDeviceIo(String device) {
    DeviceIoException.Reason reason =
        switch (errno) {
          case ENXIO, EREMOTEIO -> DeviceIoException.Reason.NACK;
          case EIO, ETIMEDOUT, EAGAIN, EPROTO, EBADMSG -> DeviceIoException.Reason.BUS_ERROR;
          case ENOENT, ENODEV -> DeviceIoException.Reason.NOT_FOUND;
          case EBUSY -> DeviceIoException.Reason.BUSY;
          default -> DeviceIoException.Reason.OTHER;
        };
    return new DeviceIoException(reason, device + ": " + getMessage(), this);
  }
}
