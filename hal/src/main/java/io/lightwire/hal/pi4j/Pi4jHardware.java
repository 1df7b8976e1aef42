package io.lightwire.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmPolarity;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceClosedException;
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
import io.lightwire.hal.camera.RpicamCamera;
import io.lightwire.hal.internal.AbstractDevice;
import io.lightwire.hal.internal.DeviceRegistry;
import io.lightwire.hal.linux.FfmLinuxNative;
import io.lightwire.hal.linux.KernelEdgeEvent;
import io.lightwire.hal.linux.LinuxDigitalInputProvider;
import io.lightwire.hal.linux.LinuxDigitalOutputProvider;
import io.lightwire.hal.linux.LinuxGpio;
import io.lightwire.hal.linux.LinuxI2cProvider;
import io.lightwire.hal.linux.LinuxNative;
import io.lightwire.hal.linux.LinuxNetwork;
import io.lightwire.hal.linux.LinuxPwmProvider;
import io.lightwire.hal.linux.LinuxSpiProvider;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link Hardware} on a Pi4J 4 {@link Context}: each device is created from a Pi4J config built
 * from ours, on whichever provider the context holds (Lightwire's Linux providers on a board,
 * Pi4J's mock providers or fakes in tests). Levels: our configs are logical; Pi4J states here are
 * raw pin levels (raw = logical XOR activeLow). Closing a device shuts its Pi4J I/O down, which
 * applies the shutdown state; closing the hardware closes every device and then the context.
 */
public final class Pi4jHardware implements Hardware {

  private final Context context;
  private final Network network;
  private final Function<CameraConfig, Camera> cameras;
  private final HalClock clock;
  private final DeviceRegistry registry = new DeviceRegistry("pi4j");
  private final List<AutoCloseable> resources;
  private volatile boolean open = true;

  /**
   * @param context the Pi4J context, owned by this hardware from now on (closed with it)
   * @param network the network state source
   * @param cameras opens a camera for a config (e.g. the rpicam camera); may throw {@link
   *     UnsupportedOperationException}
   */
  public Pi4jHardware(Context context, Network network, Function<CameraConfig, Camera> cameras) {
    this(context, network, cameras, List.of());
  }

  private Pi4jHardware(
      Context context,
      Network network,
      Function<CameraConfig, Camera> cameras,
      List<AutoCloseable> resources) {
    this.resources = List.copyOf(resources);
    this.context = Objects.requireNonNull(context, "context");
    this.network = Objects.requireNonNull(network, "network");
    this.cameras = Objects.requireNonNull(cameras, "cameras");
    this.clock = HalClock.system();
  }

  @Override
  public String kind() {
    return "pi4j";
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** The Pi4J context underneath. */
  public Context context() {
    return context;
  }

  @Override
  public HalClock clock() {
    return clock;
  }

  @Override
  public Network network() {
    return network;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      registry.closeAll();
      try {
        context.shutdown();
      } catch (com.pi4j.exception.Pi4JException e) {
        throw new DeviceIoException(DeviceIoException.Reason.OTHER, "Pi4J shutdown failed", e);
      } finally {
        for (AutoCloseable r : resources) {
          try {
            r.close();
          } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Pi4jHardware.class)
                .warn("closing {} failed during shutdown", r, e);
          }
        }
      }
    }
  }

  /**
   * Opens a Raspberry Pi through Pi4J 4 with Lightwire's own providers over the Linux interfaces
   * (FFM; needs {@code --enable-native-access=io.lightwire.hal}): GPIO from the character device
   * labelled {@code gpioChipLabel}, network state from {@code /sys/class/net}, cameras through
   * {@code rpicam-vid}.
   *
   * @param gpioChipLabel e.g. {@code pinctrl-rp1} (Pi 5) or {@code pinctrl-bcm2711} (Pi 4)
   */
  public static Pi4jHardware openLinux(String gpioChipLabel) {
    LinuxNetwork network =
        new LinuxNetwork(LinuxNetwork.system(java.nio.file.Path.of("/sys/class/net")), 1000);
    return openLinux(new FfmLinuxNative(), gpioChipLabel, network, RpicamCamera.factory());
  }

  /** {@link #openLinux(String)} on any native boundary (tests pass a fake kernel). */
  static Pi4jHardware openLinux(
      LinuxNative linux,
      String gpioChipLabel,
      Network network,
      Function<CameraConfig, Camera> cameras) {
    LinuxGpio gpio = new LinuxGpio(linux, gpioChipLabel);
    Context context =
        com.pi4j.Pi4J.newContextBuilder()
            .noAutoDetect()
            .disableShutdownHook() // the firmware closes the Hardware itself, once
            .add(
                new LinuxDigitalOutputProvider(gpio),
                new LinuxDigitalInputProvider(gpio),
                new LinuxPwmProvider(linux, "/sys/class/pwm"),
                new LinuxI2cProvider(linux),
                new LinuxSpiProvider(linux))
            .build();
    List<AutoCloseable> resources = new java.util.ArrayList<>();
    resources.add(gpio);
    if (network instanceof AutoCloseable c) {
      resources.add(c);
    }
    return new Pi4jHardware(context, network, cameras, resources);
  }

  private static DigitalState raw(boolean logical, boolean activeLow) {
    return logical ^ activeLow ? DigitalState.HIGH : DigitalState.LOW;
  }

  /** Runs a Pi4J call, turning Pi4J's runtime exceptions into {@link DeviceIoException}. */
  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (DeviceIoException | DeviceClosedException | IllegalArgumentException e) {
      throw e;
    } catch (com.pi4j.exception.Pi4JException e) {
      throw new DeviceIoException(DeviceIoException.Reason.OTHER, what + ": " + e.getMessage(), e);
    }
  }

  private void shutdown(com.pi4j.io.IO<?, ?, ?> io) {
    try {
      context.shutdown(io.id());
    } catch (com.pi4j.exception.Pi4JException e) {
      throw new DeviceIoException(
          DeviceIoException.Reason.OTHER, "shutting down " + io.id() + " failed", e);
    }
  }

  // ------------------------------------------------------------------ digital output

  @Override
  public DigitalOutput openDigitalOutput(DigitalOutputConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(resource, config.id(), () -> new Output(config, resource));
  }

  private final class Output extends AbstractDevice implements DigitalOutput {
    private final DigitalOutputConfig config;
    private final com.pi4j.io.gpio.digital.DigitalOutput io;
    private volatile boolean logical;

    Output(DigitalOutputConfig config, String resource) {
      super(
          registry,
          resource,
          config.id(),
          "digital output '" + config.id() + "' (" + resource + ")");
      this.config = config;
      this.logical = config.initial();
      this.io =
          call(
              description(),
              () ->
                  context.create(
                      com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(context)
                          .id("gpio" + config.bcm())
                          .name(config.id())
                          .bcm(config.bcm())
                          .initial(raw(config.initial(), config.activeLow()))
                          .shutdown(raw(config.shutdown(), config.activeLow()))
                          .build()));
    }

    @Override
    public DigitalOutputConfig config() {
      return config;
    }

    @Override
    public void set(boolean high) {
      ensureOpen();
      call(description(), () -> io.state(raw(high, config.activeLow())));
      logical = high;
    }

    @Override
    public boolean get() {
      ensureOpen();
      return logical;
    }

    @Override
    protected void onClose() {
      shutdown(io);
    }
  }

  // ------------------------------------------------------------------ digital input

  @Override
  public DigitalInput openDigitalInput(DigitalInputConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(resource, config.id(), () -> new Input(config, resource));
  }

  private final class Input extends AbstractDevice implements DigitalInput {
    private final DigitalInputConfig config;
    private final com.pi4j.io.gpio.digital.DigitalInput io;

    Input(DigitalInputConfig config, String resource) {
      super(
          registry,
          resource,
          config.id(),
          "digital input '" + config.id() + "' (" + resource + ")");
      this.config = config;
      PullResistance pull =
          switch (config.pull()) {
            case NONE -> PullResistance.OFF;
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
          };
      this.io =
          call(
              description(),
              () ->
                  context.create(
                      com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(context)
                          .id("gpio" + config.bcm())
                          .name(config.id())
                          .bcm(config.bcm())
                          .pull(pull)
                          .debounce(config.debounceMicros())
                          .build()));
    }

    @Override
    public DigitalInputConfig config() {
      return config;
    }

    @Override
    public boolean get() {
      ensureOpen();
      return call(description(), io::state).isHigh() ^ config.activeLow();
    }

    @Override
    public Subscription onEdge(EdgeListener listener) {
      ensureOpen();
      Objects.requireNonNull(listener, "listener");
      DigitalStateChangeListener adapter =
          event -> {
            if (isOpen() && event.state() != DigitalState.UNKNOWN) {
              long t = event instanceof KernelEdgeEvent k ? k.timestampNanos() : clock.nanos();
              listener.onEdge(event.state().isHigh() ^ config.activeLow(), t);
            }
          };
      io.addListener(adapter);
      return () -> io.removeListener(adapter);
    }

    @Override
    protected void onClose() {
      shutdown(io);
    }
  }

  // ------------------------------------------------------------------ PWM

  @Override
  public PwmOutput openPwm(PwmConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(resource, config.id(), () -> new PwmDevice(config, resource));
  }

  private final class PwmDevice extends AbstractDevice implements PwmOutput {
    private final PwmConfig config;
    private final Pwm io;
    private volatile double duty;
    private volatile long frequency;

    PwmDevice(PwmConfig config, String resource) {
      super(
          registry,
          resource,
          config.id(),
          "PWM '"
              + config.id()
              + "' ("
              + resource
              + ", chip "
              + config.chip()
              + " channel "
              + config.channel()
              + ")");
      this.config = config;
      this.duty = config.dutyPercent();
      this.frequency = config.frequencyHz();
      this.io =
          call(
              description(),
              () ->
                  context.create(
                      Pwm.newConfigBuilder(context)
                          .id("pwm" + config.chip() + "." + config.channel())
                          .name(config.id())
                          .chip(config.chip())
                          .channel(config.channel())
                          .bcm(config.bcm())
                          .pwmType(PwmType.HARDWARE)
                          .polarity(config.inverted() ? PwmPolarity.INVERSED : PwmPolarity.NORMAL)
                          .frequency((int) config.frequencyHz())
                          .dutyCycle((int) Math.round(config.dutyPercent()))
                          .shutdown(0)
                          .build()));
    }

    @Override
    public PwmConfig config() {
      return config;
    }

    @Override
    public void on(double dutyPercent, long frequencyHz) {
      new PwmConfig(
          config.id(), config.bcm(), config.chip(), config.channel(), frequencyHz, dutyPercent);
      ensureOpen();
      call(description(), () -> io.on((int) Math.round(dutyPercent), (int) frequencyHz));
      duty = dutyPercent;
      frequency = frequencyHz;
    }

    @Override
    public void off() {
      ensureOpen();
      call(description(), io::off);
    }

    @Override
    public boolean isOn() {
      return isOpen() && io.isOn();
    }

    @Override
    public double dutyPercent() {
      return duty;
    }

    @Override
    public long frequencyHz() {
      return frequency;
    }

    @Override
    protected void onClose() {
      try {
        call(description(), io::off);
      } finally {
        shutdown(io);
      }
    }
  }

  // ------------------------------------------------------------------ I2C

  @Override
  public I2cDevice openI2c(I2cConfig config) {
    String resource = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
    return registry.open(resource, config.id(), () -> new I2cDev(config, resource));
  }

  private final class I2cDev extends AbstractDevice implements I2cDevice {
    private final I2cConfig config;
    private final I2C io;

    I2cDev(I2cConfig config, String resource) {
      super(registry, resource, config.id(), "I2C device '" + config.id() + "' (" + resource + ")");
      this.config = config;
      this.io =
          call(
              description(),
              () ->
                  context.create(
                      I2C.newConfigBuilder(context)
                          .id(String.format("i2c%d-%02x", config.bus(), config.address()))
                          .name(config.id())
                          .bus(config.bus())
                          .device(config.address())
                          .build()));
    }

    @Override
    public I2cConfig config() {
      return config;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
      ensureOpen();
      Objects.checkFromIndexSize(offset, length, data.length);
      call(description(), () -> io.write(data, offset, length));
    }

    @Override
    public void read(byte[] data, int offset, int length) {
      ensureOpen();
      Objects.checkFromIndexSize(offset, length, data.length);
      call(description(), () -> io.read(data, offset, length));
    }

    @Override
    public void readRegister(int register, byte[] data, int offset, int length) {
      ensureOpen();
      Objects.checkFromIndexSize(offset, length, data.length);
      call(description(), () -> io.readRegister(register, data, offset, length));
    }

    @Override
    public void writeRegister(int register, byte[] data, int offset, int length) {
      ensureOpen();
      Objects.checkFromIndexSize(offset, length, data.length);
      call(description(), () -> io.writeRegister(register, data, offset, length));
    }

    @Override
    protected void onClose() {
      shutdown(io);
    }
  }

  // ------------------------------------------------------------------ SPI

  @Override
  public SpiDevice openSpi(SpiConfig config) {
    String resource = "SPI " + config.bus() + "." + config.chipSelect();
    return registry.open(resource, config.id(), () -> new SpiDev(config, resource));
  }

  private final class SpiDev extends AbstractDevice implements SpiDevice {
    private final SpiConfig config;
    private final Spi io;

    SpiDev(SpiConfig config, String resource) {
      super(registry, resource, config.id(), "SPI device '" + config.id() + "' (" + resource + ")");
      this.config = config;
      this.io =
          call(
              description(),
              () ->
                  context.create(
                      Spi.newConfigBuilder(context)
                          .id("spi" + config.bus() + "." + config.chipSelect())
                          .name(config.id())
                          .bus(config.bus())
                          .channel(config.chipSelect())
                          .mode(SpiMode.getByNumber(config.mode()))
                          .baud((int) config.speedHz())
                          .load(
                              java.util.Map.of(
                                  LinuxSpiProvider.BITS_PER_WORD_KEY,
                                  Integer.toString(config.bitsPerWord())))
                          .build()));
    }

    @Override
    public SpiConfig config() {
      return config;
    }

    @Override
    public void transfer(byte[] tx, int txOffset, byte[] rx, int rxOffset, int length) {
      ensureOpen();
      Objects.checkFromIndexSize(txOffset, length, tx.length);
      Objects.checkFromIndexSize(rxOffset, length, rx.length);
      call(description(), () -> io.transfer(tx, txOffset, rx, rxOffset, length));
    }

    @Override
    protected void onClose() {
      shutdown(io);
    }
  }

  // ------------------------------------------------------------------ camera

  @Override
  public Camera openCamera(CameraConfig config) {
    return registry.open("camera", config.id(), () -> cameras.apply(config));
  }
}
