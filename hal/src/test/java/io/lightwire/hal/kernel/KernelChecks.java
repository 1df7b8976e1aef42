package io.lightwire.hal.kernel;

import io.lightwire.hal.pi4j.Pi4jHardware;

/**
 * The HAL's own Linux providers against real kernel drivers, run inside the kernel-check VM ({@code
 * bin/check-kernel-hal}, {@code KernelVmTest}): prints one line per check and {@code N passed, M
 * failed}; exits 1 when anything failed.
 */
public final class KernelChecks {

  private KernelChecks() {}

  /** Runs every check. */
  public static void main(String[] args) throws Exception {
    CheckRunner run = new CheckRunner(System.out);
    try (Pi4jHardware hw = Pi4jHardware.openLinux(GpioKernelChecks.LABEL)) {
      GpioKernelChecks gpio = new GpioKernelChecks(run, hw, new GpioSim("lw"));
      try {
        gpio.all();
      } finally {
        gpio.close();
      }
      new BusKernelChecks(run, hw).all();
    }
    System.exit(run.finish());
  }
}
