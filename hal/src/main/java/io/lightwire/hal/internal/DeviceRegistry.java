package io.lightwire.hal.internal;

import io.lightwire.hal.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open devices of one {@link io.lightwire.hal.Hardware}, keyed by the resource they hold
 * ({@code "GPIO 17"}, {@code "I2C bus 1 address 0x76"}, ...). Opening a held resource fails naming
 * it and its holder; closing the hardware closes every device, newest first.
 */
public final class DeviceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);

  private final String kind;
  private final Map<String, Device> open = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param kind the hardware kind, for messages
   */
  public DeviceRegistry(String kind) {
    this.kind = kind;
  }

  /**
   * Claims {@code resource} and opens the device with {@code factory}; if the factory throws,
   * nothing stays claimed.
   *
   * @throws IllegalStateException when the resource is held or the hardware is closed
   */
  public synchronized <T extends Device> T open(String resource, String id, Supplier<T> factory) {
    if (closed) {
      throw new IllegalStateException(kind + " hardware is closed; cannot open '" + id + "'");
    }
    Device holder = open.get(resource);
    if (holder != null && holder.isOpen()) {
      throw new IllegalStateException(
          resource + " is already open as '" + holder.id() + "'; cannot open '" + id + "'");
    }
    T device = factory.get();
    open.put(resource, device);
    return device;
  }

  /** Forgets {@code device} if it holds {@code resource}; called by a device's close. */
  public synchronized void release(String resource, Device device) {
    open.remove(resource, device);
  }

  /** True when the resource is held. */
  public synchronized boolean isHeld(String resource) {
    return open.containsKey(resource);
  }

  /** Closes every open device (newest first) and refuses new ones. Idempotent. */
  public void closeAll() {
    List<Device> devices;
    synchronized (this) {
      closed = true;
      devices = new ArrayList<>(open.values());
    }
    for (int i = devices.size() - 1; i >= 0; i--) {
      Device d = devices.get(i);
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.warn("closing '{}' failed; continuing shutdown", d.id(), e);
      }
    }
  }

  /** True after {@link #closeAll()}. */
  public synchronized boolean isClosed() {
    return closed;
  }
}
