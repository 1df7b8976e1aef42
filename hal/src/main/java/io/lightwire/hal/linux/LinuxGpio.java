package io.lightwire.hal.linux;

import io.lightwire.hal.DeviceIoException;

/**
 * The GPIO chip shared by Lightwire's digital input and output providers, opened by label on first
 * use.
 */
public final class LinuxGpio implements AutoCloseable {

  private final LinuxNative linux;
  private final String label;
  private GpioChip chip;
  private GpioEvents events;

  /**
   * @param linux the native boundary
   * @param label the chip label, e.g. {@code pinctrl-rp1}
   */
  public LinuxGpio(LinuxNative linux, String label) {
    this.linux = linux;
    this.label = label;
  }

  /**
   * The chip, opened on first call.
   *
   * @throws DeviceIoException when no chip has the label
   */
  public synchronized GpioChip chip() {
    if (chip == null) {
      chip = GpioChip.openByLabel(linux, label);
    }
    return chip;
  }

  /** The chip's event thread, started with the first input. */
  synchronized GpioEvents events() {
    if (events == null) {
      events = new GpioEvents(linux, chip().label());
    }
    return events;
  }

  @Override
  public synchronized void close() {
    if (events != null) {
      events.close();
      events = null;
    }
    if (chip != null) {
      chip.close();
      chip = null;
    }
  }
}
