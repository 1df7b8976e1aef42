package io.lightwire.hal.emulated;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.Network;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.Objects;

/**
 * The emulated board: every device in memory, for tests and demos on any PC. It is what the
 * firmware runs on when no Raspberry Pi is detected.
 *
 * <p>Production code uses it through {@link Hardware} only. Tests also use its emulator API (the
 * public methods below that are not in {@link Hardware}), as Zephyr's {@code gpio_emul} does:
 * virtual wiring ({@link #wire}), driving inputs ({@link #drive}, {@link #play}), reading pins
 * ({@link #level}), the recorded {@link #timeline()}, peripherals on the buses ({@link #attachI2c},
 * {@link #attachSpi}) and fault injection ({@link #stallCamera}, {@link #setLink}, {@link
 * #nackI2c}, {@link #failSpi}).
 *
 * <p>Levels: inputs and outputs take logical levels; the emulator API and the timeline use raw pin
 * levels. An input pin reads, in order of precedence: a level {@linkplain #drive driven} by the
 * test, the output wired to it, its pull resistor (a floating pin reads low).
 *
 * <p>Threads: state is guarded by this object's monitor. Listeners run on the clock's thread: the
 * test thread for a {@link VirtualClock}, the board thread for {@link EmulatedClock#realtime()}.
 */
public final class EmulatedHardware implements Hardware {

  private final EmulatedClock clock;
  private final DeviceRegistry registry = new DeviceRegistry("emulated");
  private final Timeline timeline = new Timeline();
  private final EmulatedNetwork network;
  // Both guarded by this object's monitor (the emulator API's methods are synchronized on it).
  private final EmulatedPins pins;
  private final EmulatedBuses buses = new EmulatedBuses(this);
  private volatile boolean cameraStalled;
  private volatile boolean open = true;

  /** Opens an emulated board with every device idle, on the system clock. */
  public EmulatedHardware() {
    this(EmulatedClock.realtime());
  }

  /**
   * Opens an emulated board on {@code clock}; pass a {@link VirtualClock} for deterministic tests.
   */
  public EmulatedHardware(EmulatedClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.network = new EmulatedNetwork();
    this.pins = new EmulatedPins(this, registry, clock, timeline);
  }

  @Override
  public String kind() {
    return "emulated";
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public HalClock clock() {
    return clock;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      registry.closeAll();
      clock.shutdown();
    }
  }

  // ---------------------------------------------------------------- Hardware

  @Override
  public DigitalOutput openDigitalOutput(DigitalOutputConfig config) {
    return registry.open(
        EmulatedPins.gpio(config.bcm()), config.id(), () -> new EmulatedOutput(pins, config));
  }

  @Override
  public DigitalInput openDigitalInput(DigitalInputConfig config) {
    return registry.open(
        EmulatedPins.gpio(config.bcm()), config.id(), () -> new EmulatedInput(pins, config));
  }

  @Override
  public PwmOutput openPwm(PwmConfig config) {
    return registry.open(
        EmulatedPins.gpio(config.bcm()), config.id(), () -> new EmulatedPwm(pins, config));
  }

  @Override
  public I2cDevice openI2c(I2cConfig config) {
    String resource = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
    return registry.open(
        resource, config.id(), () -> new EmulatedI2c(registry, buses, config, resource));
  }

  @Override
  public SpiDevice openSpi(SpiConfig config) {
    String resource = "SPI " + config.bus() + "." + config.chipSelect();
    return registry.open(
        resource, config.id(), () -> new EmulatedSpi(registry, buses, config, resource));
  }

  @Override
  public Camera openCamera(CameraConfig config) {
    return registry.open(
        "camera", config.id(), () -> new EmulatedCamera(config, registry, clock, this));
  }

  @Override
  public Network network() {
    return network;
  }

  // ---------------------------------------------------------------- emulator API

  /** The board's clock (a {@link VirtualClock} when constructed with one). */
  public EmulatedClock emulatedClock() {
    return clock;
  }

  /** Every output change and input edge so far. */
  public Timeline timeline() {
    return timeline;
  }

  /**
   * Wires output pin {@code fromBcm} to input pin {@code toBcm}, as a jumper wire would.
   *
   * @throws IllegalStateException when {@code toBcm} is already wired to another output
   */
  public synchronized void wire(int fromBcm, int toBcm) {
    pins.wire(fromBcm, toBcm);
  }

  /** Drives the raw level of {@code bcm} as an external circuit would (e.g. a button). */
  public synchronized void drive(int bcm, boolean high) {
    pins.drive(bcm, high);
  }

  /** Stops driving {@code bcm}; it reads its wire or pull resistor again. */
  public synchronized void undrive(int bcm) {
    pins.drive(bcm, null);
  }

  /** Schedules every step of {@code script} relative to now on the board's clock. */
  public void play(InputScript script) {
    long start = clock.nanos();
    for (InputScript.Step step : script.steps()) {
      clock.schedule(start + step.at().toNanos(), () -> drive(step.bcm(), step.high()));
    }
  }

  /** The raw level of pin {@code bcm} now, as a voltmeter would read it. */
  public synchronized boolean level(int bcm) {
    return pins.level(bcm);
  }

  /** Attaches {@code peripheral} at {@code address} on I2C bus {@code bus}. */
  public synchronized void attachI2c(int bus, int address, I2cPeripheral peripheral) {
    buses.attachI2c(bus, address, peripheral);
  }

  /** Attaches {@code peripheral} to SPI bus {@code bus}, chip select {@code chipSelect}. */
  public synchronized void attachSpi(int bus, int chipSelect, SpiPeripheral peripheral) {
    buses.attachSpi(bus, chipSelect, peripheral);
  }

  /** Fault: while true, the I2C peripheral at {@code address} does not acknowledge. */
  public synchronized void nackI2c(int bus, int address, boolean nack) {
    buses.nackI2c(bus, address, nack);
  }

  /** Fault: while true, transfers on SPI {@code bus}.{@code chipSelect} fail. */
  public synchronized void failSpi(int bus, int chipSelect, boolean fail) {
    buses.failSpi(bus, chipSelect, fail);
  }

  /** Fault: while true, the camera delivers no frames (and reports a stall after its timeout). */
  public void stallCamera(boolean stalled) {
    cameraStalled = stalled;
  }

  boolean cameraStalled() {
    return cameraStalled;
  }

  /**
   * Fault: takes the link of {@code iface} down or up; link listeners are told.
   *
   * @throws IllegalArgumentException when there is no such interface
   */
  public void setLink(String iface, boolean up) {
    network.setLink(iface, up);
  }
}
