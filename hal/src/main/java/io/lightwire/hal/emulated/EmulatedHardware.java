package io.lightwire.hal.emulated;

import io.lightwire.hal.Hardware;

/**
 * The emulated board: every device in memory, for tests and demos on any PC. It is what the
 * firmware runs on when no Raspberry Pi is detected.
 */
public final class EmulatedHardware implements Hardware {

  private volatile boolean open = true;

  /** Opens an emulated board with every device idle. */
  public EmulatedHardware() {}

  @Override
  public String kind() {
    return "emulated";
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
