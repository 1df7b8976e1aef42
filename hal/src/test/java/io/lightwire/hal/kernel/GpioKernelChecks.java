package io.lightwire.hal.kernel;

import static io.lightwire.hal.kernel.CheckRunner.require;
import static io.lightwire.hal.kernel.CheckRunner.requireEquals;

import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Pull;
import io.lightwire.hal.linux.FfmLinuxNative;
import io.lightwire.hal.linux.GpioChip;
import io.lightwire.hal.linux.GpioLineInfo;
import io.lightwire.hal.linux.GpioV2;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The HAL's GPIO character device provider (uAPI v2, through {@code Pi4jHardware.openLinux})
 * against gpio-sim: chip {@code lw-sim}, 8 lines, lines 0..3 named {@code lw-out0 lw-in1 lw-out2
 * lw-in3} (see {@code hal/src/test/kernel/init.sh}). Every check releases its lines; a released
 * gpio-sim line reads its simulated pull, so shutdown levels are seen only while a line is held.
 */
final class GpioKernelChecks {

  static final String LABEL = "lw-sim";
  private static final long EDGE_WAIT_SECONDS = 10;

  /**
   * One timer tick of the VM's kernel (Debian's, CONFIG_HZ=250). gpiolib-cdev delays a debounced
   * edge with a delayed work of the period in whole jiffies, counted from the current tick, which
   * began up to one tick before the change: the edge comes between the period less a tick and the
   * period (plus the work's latency).
   */
  private static final long KERNEL_TICK_MICROS = 4_000;

  private final CheckRunner run;
  private final Hardware hw;
  private final GpioSim sim;
  private final GpioChip chip;

  GpioKernelChecks(CheckRunner run, Hardware hw, GpioSim sim) {
    this.run = run;
    this.hw = hw;
    this.sim = sim;
    this.chip = GpioChip.openByLabel(new FfmLinuxNative(), LABEL);
  }

  /** A timestamped edge as the HAL delivered it. */
  private record Edge(boolean high, long nanos) {}

  void all() {
    run.check(
        "gpio: chip found by label lw-sim with 8 lines",
        () -> requireEquals(8, chip.lines(), "lines"));
    run.check(
        "gpio: an unknown label is NOT_FOUND and names the chips present",
        () -> {
          DeviceIoException e =
              expect(() -> GpioChip.openByLabel(new FfmLinuxNative(), "pinctrl-rp1"));
          requireEquals(DeviceIoException.Reason.NOT_FOUND, e.reason(), "reason");
          require(e.getMessage().contains(LABEL), "message names lw-sim: " + e.getMessage());
        });
    run.check(
        "gpio: line lw-in3 found by name at offset 3",
        () -> {
          requireEquals(3, chip.lineByName("lw-in3"), "offset");
          requireEquals(
              DeviceIoException.Reason.NOT_FOUND,
              expect(() -> chip.lineByName("GPIO17")).reason(),
              "unknown name");
        });
    run.check("gpio: output high and low as the kernel sees them", this::output);
    run.check("gpio: input follows the simulated level", this::input);
    run.check("gpio: rising and falling edges with kernel timestamps", this::edges);
    run.check("gpio: bias pull-up and pull-down", this::bias);
    run.check("gpio: active-low output and input", this::activeLow);
    run.check("gpio: kernel debounce delays an edge by its period", this::debounceDelays);
    run.check("gpio: kernel debounce swallows a glitch", this::debounceFilters);
    run.check("gpio: a second request of a held line is refused (EBUSY)", this::busy);
  }

  private void output() throws Exception {
    try (DigitalOutput out = hw.openDigitalOutput(DigitalOutputConfig.of("lw-led", 0))) {
      require(!sim.value(0), "starts low");
      out.high();
      require(sim.value(0), "high seen by gpio-sim");
      out.low();
      require(!sim.value(0), "low seen by gpio-sim");
      GpioLineInfo info = chip.lineInfo(0);
      requireEquals("lw-led", info.consumer(), "consumer");
      require(info.has(GpioV2.FLAG_OUTPUT), "kernel reports an output: " + info);
    }
    require(chip.lineInfo(0).consumer().isEmpty(), "released on close");
  }

  private void input() throws Exception {
    // No debounce: a debounced line's value follows the change only after the period.
    try (DigitalInput in =
        hw.openDigitalInput(new DigitalInputConfig("lw-button", 1, Pull.NONE, false, 0))) {
      sim.pull(1, true);
      require(in.get(), "pulled up reads high");
      sim.pull(1, false);
      require(!in.get(), "pulled down reads low");
      require(chip.lineInfo(1).has(GpioV2.FLAG_INPUT), "kernel reports an input");
    }
  }

  private void edges() throws Exception {
    sim.pull(2, false);
    BlockingQueue<Edge> edges = new ArrayBlockingQueue<>(16);
    try (DigitalInput in = hw.openDigitalInput(DigitalInputConfig.of("lw-edges", 2))) {
      in.onEdge((high, nanos) -> edges.offer(new Edge(high, nanos)));
      for (boolean up : new boolean[] {true, false, true, false}) {
        long before = System.nanoTime();
        sim.pull(2, up);
        Edge e = edges.poll(EDGE_WAIT_SECONDS, TimeUnit.SECONDS);
        long after = System.nanoTime();
        require(
            e != null, (up ? "rising" : "falling") + " edge within " + EDGE_WAIT_SECONDS + " s");
        requireEquals(up, e.high(), "edge direction");
        require(
            e.nanos() >= before && e.nanos() <= after,
            "kernel timestamp "
                + e.nanos()
                + " within ["
                + before
                + ", "
                + after
                + "] (CLOCK_MONOTONIC)");
      }
      Edge extra = edges.poll(200, TimeUnit.MILLISECONDS);
      require(extra == null, "no spurious edge: " + extra);
    }
  }

  private void bias() throws Exception {
    try (DigitalInput up =
            hw.openDigitalInput(new DigitalInputConfig("lw-pu", 4, Pull.UP, false, 0));
        DigitalInput down =
            hw.openDigitalInput(new DigitalInputConfig("lw-pd", 5, Pull.DOWN, false, 0))) {
      require(up.get(), "pull-up reads high");
      require(!down.get(), "pull-down reads low");
      require(chip.lineInfo(4).has(GpioV2.FLAG_BIAS_PULL_UP), "kernel: bias pull-up");
      require(chip.lineInfo(5).has(GpioV2.FLAG_BIAS_PULL_DOWN), "kernel: bias pull-down");
    }
  }

  private void activeLow() throws Exception {
    try (DigitalOutput out =
        hw.openDigitalOutput(new DigitalOutputConfig("lw-relay", 6, true, false, false))) {
      require(sim.value(6), "logical off drives the pin high");
      out.set(true);
      require(!sim.value(6), "logical on drives the pin low");
    }
    sim.pull(3, true);
    try (DigitalInput in =
        hw.openDigitalInput(new DigitalInputConfig("lw-door", 3, Pull.NONE, true, 0))) {
      require(!in.get(), "pin high reads logical off");
      sim.pull(3, false);
      require(in.get(), "pin low reads logical on");
    }
  }

  private void debounceDelays() throws Exception {
    long debounceMicros = 20_000;
    sim.pull(7, false);
    BlockingQueue<Edge> edges = new ArrayBlockingQueue<>(16);
    try (DigitalInput in =
        hw.openDigitalInput(
            new DigitalInputConfig("lw-deb", 7, Pull.NONE, false, debounceMicros))) {
      requireEquals(
          debounceMicros, chip.lineInfo(7).debounceMicros(), "kernel debounce period, µs");
      in.onEdge((high, nanos) -> edges.offer(new Edge(high, nanos)));
      long before = System.nanoTime();
      sim.pull(7, true);
      Edge e = edges.poll(EDGE_WAIT_SECONDS, TimeUnit.SECONDS);
      require(e != null && e.high(), "debounced rising edge: " + e);
      long delayMicros = (e.nanos() - before) / 1000;
      // An undebounced edge is stamped at the change itself (edges()): this one waited the period.
      require(
          delayMicros >= debounceMicros - KERNEL_TICK_MICROS,
          "edge stamped " + delayMicros + " µs after the change");
    }
  }

  private void debounceFilters() throws Exception {
    // 300 ms: far longer than two sysfs writes take even on a loaded emulated CPU.
    sim.pull(7, false);
    BlockingQueue<Edge> edges = new ArrayBlockingQueue<>(16);
    try (DigitalInput in =
        hw.openDigitalInput(new DigitalInputConfig("lw-glitch", 7, Pull.NONE, false, 300_000))) {
      in.onEdge((high, nanos) -> edges.offer(new Edge(high, nanos)));
      sim.pull(7, true);
      sim.pull(7, false);
      Edge e = edges.poll(900, TimeUnit.MILLISECONDS);
      require(e == null, "a glitch shorter than the debounce raised " + e);
      require(!in.get(), "level stays low");
    }
  }

  private void busy() throws Exception {
    try (DigitalOutput held = hw.openDigitalOutput(DigitalOutputConfig.of("lw-held", 0))) {
      // Another process: its own chip fd, straight to the kernel.
      try (GpioChip other = GpioChip.openByLabel(new FfmLinuxNative(), LABEL)) {
        DeviceIoException e =
            expect(() -> other.request(0, "intruder", GpioV2.FLAG_INPUT, false, 0));
        requireEquals(DeviceIoException.Reason.BUSY, e.reason(), "reason");
        require(e.getMessage().contains("EBUSY"), "names EBUSY: " + e.getMessage());
      }
      requireEquals("lw-held", chip.lineInfo(0).consumer(), "holder unchanged");
      require(!held.get(), "the holder still drives its line");
    }
  }

  static DeviceIoException expect(Runnable r) {
    try {
      r.run();
    } catch (DeviceIoException e) {
      return e;
    }
    throw new AssertionError("no DeviceIoException");
  }

  void close() {
    chip.close();
  }
}
