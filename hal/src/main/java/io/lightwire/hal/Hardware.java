package io.lightwire.hal;

/**
 * One board's hardware as the firmware sees it: opened at boot, closed at shutdown. Closing puts
 * every device into its safe state and releases it; it is idempotent.
 */
public interface Hardware extends AutoCloseable {

  /** A short name for logs and the status page, e.g. {@code "emulated"} or {@code "pi4j"}. */
  String kind();

  /** True until {@link #close()} has run. */
  boolean isOpen();

  @Override
  void close();
}
