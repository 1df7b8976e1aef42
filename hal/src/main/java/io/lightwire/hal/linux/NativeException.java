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

  /** Permission denied. */
  public static final int EACCES = 13;

  /** Device or resource busy. */
  public static final int EBUSY = 16;

  /** No such device. */
  public static final int ENODEV = 19;

  /** Invalid argument. */
  public static final int EINVAL = 22;

  /** Inappropriate ioctl for device. */
  public static final int ENOTTY = 25;

  /** Connection timed out. */
  public static final int ETIMEDOUT = 110;

  /** Remote I/O error (I2C: no acknowledge). */
  public static final int EREMOTEIO = 121;

  private final int errno;

  /**
   * @param call e.g. {@code "ioctl(GPIO_V2_GET_LINE_IOCTL)"}
   * @param target the path or fd the call was made on
   * @param errno the error number
   */
  public NativeException(String call, String target, int errno) {
    super(call + " on " + target + " failed: " + name(errno) + " (errno " + errno + ")");
    this.errno = errno;
  }

  /** The error number. */
  public int errno() {
    return errno;
  }

  /** The symbolic name of an errno value, or {@code "errno N"}. */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EIO -> "EIO";
      case ENXIO -> "ENXIO";
      case EACCES -> "EACCES";
      case EBUSY -> "EBUSY";
      case ENODEV -> "ENODEV";
      case EINVAL -> "EINVAL";
      case ENOTTY -> "ENOTTY";
      case ETIMEDOUT -> "ETIMEDOUT";
      case EREMOTEIO -> "EREMOTEIO";
      default -> "errno " + errno;
    };
  }

  /** This failure as a {@link DeviceIoException} for {@code device}. */
  public DeviceIoException toDeviceIo(String device) {
    DeviceIoException.Reason reason =
        switch (errno) {
          case ENXIO, EREMOTEIO -> DeviceIoException.Reason.NACK;
          case EIO, ETIMEDOUT -> DeviceIoException.Reason.BUS_ERROR;
          case ENOENT, ENODEV -> DeviceIoException.Reason.NOT_FOUND;
          case EBUSY -> DeviceIoException.Reason.BUSY;
          default -> DeviceIoException.Reason.OTHER;
        };
    return new DeviceIoException(reason, device + ": " + getMessage(), this);
  }
}
