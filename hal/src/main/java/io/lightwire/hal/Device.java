package io.lightwire.hal;

/**
 * One opened pin or bus device. Closing puts it into its safe state and releases the pin or device;
 * closing twice does nothing. Every other call on a closed device throws {@link
 * DeviceClosedException}.
 */
public interface Device extends AutoCloseable {

  /** The id from the device's config, used in logs and error messages. */
  String id();

  /** True until {@link #close()} has run. */
  boolean isOpen();

  /** Puts the device into its safe state and releases it. Idempotent. */
  @Override
  void close();
}
