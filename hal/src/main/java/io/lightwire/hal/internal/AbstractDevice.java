package io.lightwire.hal.internal;

import io.lightwire.hal.Device;
import io.lightwire.hal.DeviceClosedException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Open/closed bookkeeping shared by every device: close once, then every use fails clearly. */
public abstract class AbstractDevice implements Device {

  private final DeviceRegistry registry;
  private final String resource;
  private final String id;
  private final String description;
  private final AtomicBoolean open = new AtomicBoolean(true);

  /**
   * @param registry where the device is registered
   * @param resource the resource it holds, e.g. {@code "GPIO 17"}
   * @param id the config id
   * @param description e.g. {@code "digital output 'led' (GPIO 17)"}
   */
  protected AbstractDevice(
      DeviceRegistry registry, String resource, String id, String description) {
    this.registry = registry;
    this.resource = resource;
    this.id = id;
    this.description = description;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final boolean isOpen() {
    return open.get();
  }

  /** For error messages. */
  public final String description() {
    return description;
  }

  /**
   * @throws DeviceClosedException when closed
   */
  protected final void ensureOpen() {
    if (!open.get()) {
      throw new DeviceClosedException(description);
    }
  }

  @Override
  public final void close() {
    if (open.compareAndSet(true, false)) {
      try {
        onClose();
      } finally {
        registry.release(resource, this);
      }
    }
  }

  /** Puts the device into its safe state and releases what it holds; runs once. */
  protected abstract void onClose();

  @Override
  public String toString() {
    return description;
  }
}
