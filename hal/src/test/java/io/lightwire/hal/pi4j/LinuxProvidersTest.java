package io.lightwire.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Pull;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.VirtualClock;
import io.lightwire.hal.linux.FakeLinuxNative;
import io.lightwire.hal.linux.GpioV2;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lightwire's own Pi4J providers (GPIO character device v2 over FFM) driven through Pi4J 4 and our
 * interfaces, against an in-memory kernel behind the native boundary.
 */
class LinuxProvidersTest {

  private final FakeLinuxNative kernel =
      new FakeLinuxNative().chip("gpiochip0", "rp1-other", 8).chip("gpiochip4", "pinctrl-rp1", 54);
  private final EmulatedHardware net = new EmulatedHardware(new VirtualClock());
  private final Pi4jHardware hw =
      Pi4jHardware.openLinux(
          kernel,
          "pinctrl-rp1",
          net.network(),
          c -> {
            throw new UnsupportedOperationException("no camera");
          });

  @AfterEach
  void close() {
    hw.close();
    net.close();
  }

  @Test
  void anOutputRequestsItsLineOnTheChipWithTheRightLabelWithTheInitialValue() {
    DigitalOutput led =
        hw.openDigitalOutput(new DigitalOutputConfig("led", 17, false, true, false));
    FakeLinuxNative.Line line = kernel.line(17);
    assertEquals("pinctrl-rp1", line.chip, "chosen by label, not number");
    assertEquals("led", line.consumer);
    assertEquals(GpioV2.FLAG_OUTPUT, line.flags);
    assertTrue(line.value, "initial value set in the request itself");
    led.low();
    led.high();
    assertEquals(
        List.of(true, false, true),
        line.written.subList(line.written.size() - 3, line.written.size()));
    assertTrue(line.value);
  }

  @Test
  void closingAnOutputWritesItsShutdownLevelAndReleasesTheLine() {
    DigitalOutput relay =
        hw.openDigitalOutput(new DigitalOutputConfig("relay", 5, true, true, false));
    FakeLinuxNative.Line line = kernel.line(5);
    assertFalse(line.value, "active-low: logical high is raw low");
    relay.close();
    assertTrue(line.value, "shutdown logical low on active-low is raw high");
    assertTrue(line.released);
  }

  @Test
  void anInputCarriesBiasEdgesAndDebounceAndReportsKernelEdges() throws Exception {
    DigitalInput button =
        hw.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
    FakeLinuxNative.Line line = kernel.line(22);
    assertEquals(
        GpioV2.FLAG_INPUT
            | GpioV2.FLAG_EDGE_RISING
            | GpioV2.FLAG_EDGE_FALLING
            | GpioV2.FLAG_BIAS_PULL_UP,
        line.flags);
    assertEquals(5_000, line.debounceMicros);
    LinkedBlockingQueue<Boolean> edges = new LinkedBlockingQueue<>();
    button.onEdge((pressed, t) -> edges.add(pressed));
    kernel.edge(22, false, 1_000);
    assertEquals(Boolean.TRUE, edges.poll(2, TimeUnit.SECONDS), "falling raw = pressed");
    assertTrue(button.get());
    kernel.edge(22, true, 2_000);
    assertEquals(Boolean.FALSE, edges.poll(2, TimeUnit.SECONDS));
    assertFalse(button.get());
    button.close();
    assertTrue(line.released);
  }

  @Test
  void aLineHeldByAnotherProcessIsReportedBusy() {
    kernel.busy("pinctrl-rp1", 4);
    DeviceIoException e =
        assertThrows(
            DeviceIoException.class, () -> hw.openDigitalOutput(DigitalOutputConfig.of("x", 4)));
    assertEquals(DeviceIoException.Reason.BUSY, e.reason());
    assertTrue(e.getMessage().contains("GPIO 4 on pinctrl-rp1"), e.getMessage());
    hw.openDigitalOutput(DigitalOutputConfig.of("y", 6)); // the failure left nothing claimed
  }

  @Test
  void aMissingChipLabelListsTheChipsFound() {
    try (Pi4jHardware other =
        Pi4jHardware.openLinux(
            kernel,
            "pinctrl-bcm2711",
            net.network(),
            c -> {
              throw new UnsupportedOperationException();
            })) {
      DeviceIoException e =
          assertThrows(
              DeviceIoException.class,
              () -> other.openDigitalOutput(DigitalOutputConfig.of("led", 17)));
      assertEquals(DeviceIoException.Reason.NOT_FOUND, e.reason());
      assertTrue(
          e.getMessage()
              .contains(
                  "no GPIO chip labelled 'pinctrl-bcm2711'; found: [gpiochip0 (rp1-other),"
                      + " gpiochip4 (pinctrl-rp1)]"),
          e.getMessage());
    }
  }

  @Test
  void closingTheHardwareReleasesEveryFd() {
    hw.openDigitalOutput(DigitalOutputConfig.of("a", 17));
    hw.openDigitalInput(DigitalInputConfig.of("b", 27));
    hw.close();
    assertEquals(0, kernel.openFds);
  }
}
