package io.lightwire.hal.emulated;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceIoException;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.EdgeListener;
import io.lightwire.hal.HalClock;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.I2cConfig;
import io.lightwire.hal.I2cDevice;
import io.lightwire.hal.Network;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.SpiConfig;
import io.lightwire.hal.SpiDevice;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.internal.AbstractDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
  private final Map<Integer, Pin> pins = new HashMap<>();
  private final Map<Integer, Integer> wiredFrom = new HashMap<>();
  private final Map<Integer, I2cPeripheral> i2c = new HashMap<>();
  private final Set<Integer> i2cNack = new HashSet<>();
  private final Map<Integer, SpiPeripheral> spi = new HashMap<>();
  private final Set<Integer> spiFailing = new HashSet<>();
  private volatile boolean cameraStalled;
  private volatile boolean open = true;

  /** The state of one GPIO. */
  private static final class Pin {
    Boolean outputLevel; // raw level last driven by an output (kept after it closes)
    Boolean driven; // raw level forced by the test
    EmulatedInput input;
  }

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
    return registry.open(gpio(config.bcm()), config.id(), () -> new EmulatedOutput(config));
  }

  @Override
  public DigitalInput openDigitalInput(DigitalInputConfig config) {
    return registry.open(gpio(config.bcm()), config.id(), () -> new EmulatedInput(config));
  }

  @Override
  public PwmOutput openPwm(PwmConfig config) {
    return registry.open(gpio(config.bcm()), config.id(), () -> new EmulatedPwm(config));
  }

  @Override
  public I2cDevice openI2c(I2cConfig config) {
    String resource = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
    return registry.open(resource, config.id(), () -> new EmulatedI2c(config, resource));
  }

  @Override
  public SpiDevice openSpi(SpiConfig config) {
    String resource = "SPI " + config.bus() + "." + config.chipSelect();
    return registry.open(resource, config.id(), () -> new EmulatedSpi(config, resource));
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

  private static String gpio(int bcm) {
    return "GPIO " + bcm;
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
    Integer existing = wiredFrom.get(toBcm);
    if (existing != null && existing != fromBcm) {
      throw new IllegalStateException(
          "GPIO " + toBcm + " is already wired to GPIO " + existing + " (two drivers short)");
    }
    wiredFrom.put(toBcm, fromBcm);
    pinChanged(toBcm);
  }

  /** Drives the raw level of {@code bcm} as an external circuit would (e.g. a button). */
  public synchronized void drive(int bcm, boolean high) {
    pin(bcm).driven = high;
    pinChanged(bcm);
  }

  /** Stops driving {@code bcm}; it reads its wire or pull resistor again. */
  public synchronized void undrive(int bcm) {
    pin(bcm).driven = null;
    pinChanged(bcm);
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
    Pin p = pins.get(bcm);
    if (p != null && p.driven == null && p.outputLevel != null) {
      return p.outputLevel;
    }
    return inputLevel(bcm);
  }

  /** Attaches {@code peripheral} at {@code address} on I2C bus {@code bus}. */
  public synchronized void attachI2c(int bus, int address, I2cPeripheral peripheral) {
    i2c.put(i2cKey(bus, address), Objects.requireNonNull(peripheral));
  }

  /** Attaches {@code peripheral} to SPI bus {@code bus}, chip select {@code chipSelect}. */
  public synchronized void attachSpi(int bus, int chipSelect, SpiPeripheral peripheral) {
    spi.put(spiKey(bus, chipSelect), Objects.requireNonNull(peripheral));
  }

  /** Fault: while true, the I2C peripheral at {@code address} does not acknowledge. */
  public synchronized void nackI2c(int bus, int address, boolean nack) {
    if (nack) {
      i2cNack.add(i2cKey(bus, address));
    } else {
      i2cNack.remove(i2cKey(bus, address));
    }
  }

  /** Fault: while true, transfers on SPI {@code bus}.{@code chipSelect} fail. */
  public synchronized void failSpi(int bus, int chipSelect, boolean fail) {
    if (fail) {
      spiFailing.add(spiKey(bus, chipSelect));
    } else {
      spiFailing.remove(spiKey(bus, chipSelect));
    }
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

  private static int i2cKey(int bus, int address) {
    return bus << 8 | address;
  }

  private static int spiKey(int bus, int chipSelect) {
    return bus << 8 | chipSelect;
  }

  // ---------------------------------------------------------------- pin logic

  private Pin pin(int bcm) {
    return pins.computeIfAbsent(bcm, b -> new Pin());
  }

  /** The raw level an input on {@code bcm} reads. Caller holds the lock. */
  private boolean inputLevel(int bcm) {
    Pin p = pins.get(bcm);
    if (p != null && p.driven != null) {
      return p.driven;
    }
    Integer from = wiredFrom.get(bcm);
    if (from != null) {
      Pin source = pins.get(from);
      if (source != null && source.outputLevel != null) {
        return source.outputLevel;
      }
    }
    if (p != null && p.input != null) {
      return p.input.config.pull() == io.lightwire.hal.Pull.UP;
    }
    return false;
  }

  /** An output changed level: propagate along the wires. Caller holds the lock. */
  private void outputChanged(int bcm) {
    for (Map.Entry<Integer, Integer> w : wiredFrom.entrySet()) {
      if (w.getValue() == bcm) {
        pinChanged(w.getKey());
      }
    }
  }

  /** Something that determines {@code bcm}'s input level changed. Caller holds the lock. */
  private void pinChanged(int bcm) {
    Pin p = pins.get(bcm);
    if (p != null && p.input != null) {
      p.input.rawChanged(inputLevel(bcm));
    }
  }

  // ---------------------------------------------------------------- devices

  private final class EmulatedOutput extends AbstractDevice implements DigitalOutput {
    private final DigitalOutputConfig config;
    private boolean logical;

    EmulatedOutput(DigitalOutputConfig config) {
      super(
          registry,
          gpio(config.bcm()),
          config.id(),
          "digital output '" + config.id() + "' (GPIO " + config.bcm() + ")");
      this.config = config;
      synchronized (EmulatedHardware.this) {
        drive(config.initial(), true);
      }
    }

    @Override
    public DigitalOutputConfig config() {
      return config;
    }

    @Override
    public void set(boolean high) {
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        drive(high, false);
      }
    }

    @Override
    public boolean get() {
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        return logical;
      }
    }

    private void drive(boolean high, boolean force) {
      logical = high;
      boolean raw = high ^ config.activeLow();
      Pin p = pin(config.bcm());
      if (force || p.outputLevel == null || p.outputLevel != raw) {
        p.outputLevel = raw;
        timeline.record(
            clock.nanos(), config.id(), config.bcm(), Timeline.Kind.OUTPUT, raw ? 1 : 0);
        outputChanged(config.bcm());
      }
    }

    @Override
    protected void onClose() {
      synchronized (EmulatedHardware.this) {
        drive(config.shutdown(), false);
      }
    }
  }

  private final class EmulatedInput extends AbstractDevice implements DigitalInput {
    private final DigitalInputConfig config;
    private final CopyOnWriteArrayList<EdgeListener> listeners = new CopyOnWriteArrayList<>();
    private boolean raw;
    private boolean reported;
    private long generation;

    EmulatedInput(DigitalInputConfig config) {
      super(
          registry,
          gpio(config.bcm()),
          config.id(),
          "digital input '" + config.id() + "' (GPIO " + config.bcm() + ")");
      this.config = config;
      synchronized (EmulatedHardware.this) {
        pin(config.bcm()).input = this;
        pin(config.bcm()).outputLevel = null;
        raw = inputLevel(config.bcm());
        reported = raw ^ config.activeLow();
      }
    }

    @Override
    public DigitalInputConfig config() {
      return config;
    }

    @Override
    public boolean get() {
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        return raw ^ config.activeLow();
      }
    }

    @Override
    public Subscription onEdge(EdgeListener listener) {
      ensureOpen();
      Objects.requireNonNull(listener, "listener");
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    /** Caller holds the board lock. */
    void rawChanged(boolean level) {
      if (level == raw || !isOpen()) {
        return;
      }
      raw = level;
      long gen = ++generation;
      if (config.debounceMicros() == 0) {
        settle(gen);
      } else {
        clock.schedule(
            clock.nanos() + config.debounceMicros() * 1_000,
            () -> {
              synchronized (EmulatedHardware.this) {
                settle(gen);
              }
            });
      }
    }

    /** Reports the level if it has been stable since change {@code gen}. */
    private void settle(long gen) {
      if (gen != generation || !isOpen()) {
        return;
      }
      boolean logical = raw ^ config.activeLow();
      if (logical == reported) {
        return;
      }
      reported = logical;
      long now = clock.nanos();
      timeline.record(now, config.id(), config.bcm(), Timeline.Kind.INPUT_EDGE, logical ? 1 : 0);
      for (EdgeListener l : listeners) {
        l.onEdge(logical, now);
      }
    }

    @Override
    protected void onClose() {
      synchronized (EmulatedHardware.this) {
        listeners.clear();
        pin(config.bcm()).input = null;
      }
    }
  }

  private final class EmulatedPwm extends AbstractDevice implements PwmOutput {
    private final PwmConfig config;
    private boolean on;
    private double duty;
    private long frequency;

    EmulatedPwm(PwmConfig config) {
      super(
          registry,
          gpio(config.bcm()),
          config.id(),
          "PWM '"
              + config.id()
              + "' (GPIO "
              + config.bcm()
              + ", channel "
              + config.channel()
              + ")");
      this.config = config;
      this.duty = config.dutyPercent();
      this.frequency = config.frequencyHz();
    }

    @Override
    public PwmConfig config() {
      return config;
    }

    @Override
    public void on(double dutyPercent, long frequencyHz) {
      // The config's checks name the bad value.
      new PwmConfig(
          config.id(), config.bcm(), config.chip(), config.channel(), frequencyHz, dutyPercent);
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        long now = clock.nanos();
        if (!on || frequencyHz != frequency) {
          timeline.record(now, config.id(), config.bcm(), Timeline.Kind.PWM_FREQUENCY, frequencyHz);
        }
        if (!on || dutyPercent != duty) {
          timeline.record(now, config.id(), config.bcm(), Timeline.Kind.PWM_DUTY, dutyPercent);
        }
        on = true;
        duty = dutyPercent;
        frequency = frequencyHz;
        pin(config.bcm()).outputLevel = dutyPercent > 0;
      }
    }

    @Override
    public void off() {
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        stop();
      }
    }

    private void stop() {
      if (on) {
        on = false;
        timeline.record(clock.nanos(), config.id(), config.bcm(), Timeline.Kind.PWM_DUTY, 0);
      }
      pin(config.bcm()).outputLevel = false;
    }

    @Override
    public boolean isOn() {
      synchronized (EmulatedHardware.this) {
        return on;
      }
    }

    @Override
    public double dutyPercent() {
      synchronized (EmulatedHardware.this) {
        return duty;
      }
    }

    @Override
    public long frequencyHz() {
      synchronized (EmulatedHardware.this) {
        return frequency;
      }
    }

    @Override
    protected void onClose() {
      synchronized (EmulatedHardware.this) {
        stop();
      }
    }
  }

  private final class EmulatedI2c extends AbstractDevice implements I2cDevice {
    private final I2cConfig config;
    private final byte[] scratch = new byte[1 + 256];

    EmulatedI2c(I2cConfig config, String resource) {
      super(registry, resource, config.id(), "I2C device '" + config.id() + "' (" + resource + ")");
      this.config = config;
    }

    @Override
    public I2cConfig config() {
      return config;
    }

    private I2cPeripheral peripheral() {
      ensureOpen();
      int key = i2cKey(config.bus(), config.address());
      I2cPeripheral p = i2c.get(key);
      if (p == null || i2cNack.contains(key)) {
        throw new DeviceIoException(
            DeviceIoException.Reason.NACK,
            description()
                + ": no acknowledge from address "
                + String.format("0x%02x", config.address()));
      }
      return p;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      synchronized (EmulatedHardware.this) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        peripheral().write(data, offset, length);
      }
    }

    @Override
    public void read(byte[] data, int offset, int length) {
      synchronized (EmulatedHardware.this) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        peripheral().read(data, offset, length);
      }
    }

    @Override
    public void readRegister(int register, byte[] data, int offset, int length) {
      synchronized (EmulatedHardware.this) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        I2cPeripheral p = peripheral();
        scratch[0] = (byte) register;
        p.write(scratch, 0, 1);
        p.read(data, offset, length);
      }
    }

    @Override
    public void writeRegister(int register, byte[] data, int offset, int length) {
      synchronized (EmulatedHardware.this) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (length >= scratch.length) {
          throw new IllegalArgumentException(
              description() + ": register write of " + length + " bytes exceeds 256");
        }
        I2cPeripheral p = peripheral();
        scratch[0] = (byte) register;
        System.arraycopy(data, offset, scratch, 1, length);
        p.write(scratch, 0, length + 1);
      }
    }

    @Override
    protected void onClose() {}
  }

  private final class EmulatedSpi extends AbstractDevice implements SpiDevice {
    private final SpiConfig config;

    EmulatedSpi(SpiConfig config, String resource) {
      super(registry, resource, config.id(), "SPI device '" + config.id() + "' (" + resource + ")");
      this.config = config;
    }

    @Override
    public SpiConfig config() {
      return config;
    }

    @Override
    public void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
      synchronized (EmulatedHardware.this) {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(txOffset, length, tx.length);
        java.util.Objects.checkFromIndexSize(rxOffset, length, rx.length);
        int key = spiKey(config.bus(), config.chipSelect());
        if (spiFailing.contains(key)) {
          throw new DeviceIoException(
              DeviceIoException.Reason.BUS_ERROR, description() + ": transfer failed (EIO)");
        }
        SpiPeripheral p = spi.get(key);
        if (p == null) {
          System.arraycopy(tx, txOffset, rx, rxOffset, length);
        } else {
          p.transfer(tx, txOffset, rx, rxOffset, length);
        }
      }
    }

    @Override
    protected void onClose() {}
  }
}
