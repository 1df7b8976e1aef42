package io.lightwire.hal.internal;

/**
 * A device opened from a validated config ({@code DigitalOutputConfig}, {@code SpiConfig}...): it
 * keeps that config and answers {@code config()} with it, for every implementation alike.
 *
 * @param <C> the config type
 */
public abstract class ConfiguredDevice<C> extends AbstractDevice {

  protected final C config;

  /**
   * @param config what the device was opened with
   * @see AbstractDevice#AbstractDevice(DeviceRegistry, String, String, String)
   */
  protected ConfiguredDevice(
      DeviceRegistry registry, String resource, String id, String description, C config) {
    super(registry, resource, id, description);
    this.config = config;
  }

  /** The config the device was opened with. */
  public final C config() {
    return config;
  }
}
