package io.lightwire.hal.kernel;

import java.io.IOException;

/**
 * The far side of a gpio-sim chip, through its sysfs ({@code
 * Documentation/admin-guide/gpio/gpio-sim.rst}): what each line is driven to ({@code value}) and
 * the simulated pull that an input reads ({@code pull}), which also raises edge events.
 */
public final class GpioSim {

  private final String lines;

  /**
   * @param configfsName the chip's directory under {@code /sys/kernel/config/gpio-sim}
   */
  public GpioSim(String configfsName) throws IOException {
    String config = "/sys/kernel/config/gpio-sim/" + configfsName;
    String device = CheckRunner.read(config + "/dev_name");
    String chip = CheckRunner.read(config + "/bank0/chip_name");
    this.lines = "/sys/devices/platform/" + device + "/" + chip + "/sim_gpio";
  }

  /** The level the line is driven to (an output's value, else the pull). */
  public boolean value(int line) throws IOException {
    return CheckRunner.read(lines + line + "/value").equals("1");
  }

  /** Pulls the line up ({@code true}) or down, as a wire to 3.3 V or ground would. */
  public void pull(int line, boolean up) throws IOException {
    CheckRunner.write(lines + line + "/pull", up ? "pull-up" : "pull-down");
  }
}
