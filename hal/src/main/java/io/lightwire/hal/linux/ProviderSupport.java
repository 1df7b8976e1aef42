package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import java.util.function.Supplier;

/**
 * How every Lightwire Pi4J provider creates a device: open the kernel side (a failure becomes a
 * {@link io.lightwire.hal.DeviceIoException} that names the device and says how to enable it), wrap
 * it in the Pi4J I/O, and register that with the context; when registering fails, the kernel side
 * is closed again, so a failed create holds nothing open.
 */
final class ProviderSupport {

  private ProviderSupport() {}

  /**
   * Opens the kernel side of {@code device}.
   *
   * @param device e.g. {@code I2C bus 1 address 0x48}, for the error message
   * @param whenMissing what to do when the device node is missing ({@link EnableHints})
   */
  static <N> N open(String device, String whenMissing, Supplier<N> open) {
    try {
      return open.get();
    } catch (NativeException e) {
      throw e.toDeviceIo(device, whenMissing);
    }
  }

  /** Registers {@code io} with {@code context}; closes {@code held} when that fails. */
  static <T extends IO<?, ?, ?>> T register(Context context, T io, AutoCloseable held) {
    try {
      context.registry().add(io);
      return io;
    } catch (RuntimeException e) {
      try {
        held.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }
}
