package io.lightwire.firmware.app;

import io.lightwire.firmware.Application;
import io.lightwire.firmware.Firmware;

/** An application whose start throws: the firmware must keep serving and report it. */
public final class FailingApplication implements Application {

  /** Made by the harness. */
  public FailingApplication() {}

  @Override
  public String name() {
    return "failing";
  }

  @Override
  public void start(Firmware firmware) {
    throw new IllegalStateException("the sensor is not connected");
  }
}
