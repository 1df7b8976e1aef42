package io.lightwire.hal.kernel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HAL's own Linux providers against real kernel drivers (gpio-sim, Lightwire's test I2C, SPI
 * and PWM drivers) in the kernel-check VM: {@link KernelChecks}, the same checks {@code
 * bin/check-kernel-hal} runs. One VM boot for all of them.
 */
@Tag("kernel-vm")
class KernelVmTest {

  @Test
  void everyKernelCheckPasses() throws Exception {
    KernelVm.requireReady();
    KernelVm.assertAllPassed(
        KernelVm.runChecks(KernelChecks.class.getName(), KernelVm.testClassPath()));
  }
}
