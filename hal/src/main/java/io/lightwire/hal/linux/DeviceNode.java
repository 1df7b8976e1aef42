package io.lightwire.hal.linux;

import java.lang.foreign.Arena;

/**
 * An open character-device node ({@code /dev/i2c-N}, {@code /dev/spidevB.C}) and the native memory
 * of its preallocated buffers: the file descriptor and the arena are released together, once. A
 * node that cannot be opened holds nothing.
 */
abstract class DeviceNode implements AutoCloseable {

  protected final LinuxNative linux;
  protected final String device;
  protected final Arena arena;
  protected final int fd;

  /**
   * Opens {@code device} read-write.
   *
   * @throws NativeException when it cannot be opened
   */
  DeviceNode(LinuxNative linux, String device) {
    this.linux = linux;
    this.device = device;
    this.arena = Arena.ofShared();
    try {
      this.fd = linux.open(device, LinuxNative.O_RDWR | LinuxNative.O_CLOEXEC);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** The device path, for messages. */
  public String device() {
    return device;
  }

  @Override
  public synchronized void close() {
    try {
      linux.close(fd);
    } finally {
      arena.close();
    }
  }
}
