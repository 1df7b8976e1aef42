package io.lightwire.hal.pi4j;

import com.pi4j.context.Context;
import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.DeviceIoException;
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
import io.lightwire.hal.camera.RpicamCamera;
import io.lightwire.hal.internal.DeviceRegistry;
import io.lightwire.hal.linux.FfmLinuxNative;
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
  private final Pi4jDevice.Board board;
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
    this.board = new Pi4jDevice.Board(context, registry, clock);
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

  // ------------------------------------------------------------------ devices (one class each)

  @Override
  public DigitalOutput openDigitalOutput(DigitalOutputConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(
        resource, config.id(), () -> new Pi4jDigitalOutput(board, config, resource));
  }

  @Override
  public DigitalInput openDigitalInput(DigitalInputConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(
        resource, config.id(), () -> new Pi4jDigitalInput(board, config, resource));
  }

  @Override
  public PwmOutput openPwm(PwmConfig config) {
    String resource = "GPIO " + config.bcm();
    return registry.open(resource, config.id(), () -> new Pi4jPwm(board, config, resource));
  }

  @Override
  public I2cDevice openI2c(I2cConfig config) {
    String resource = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
    return registry.open(resource, config.id(), () -> new Pi4jI2c(board, config, resource));
  }

  @Override
  public SpiDevice openSpi(SpiConfig config) {
    String resource = "SPI " + config.bus() + "." + config.chipSelect();
    return registry.open(resource, config.id(), () -> new Pi4jSpi(board, config, resource));
  }

  // ------------------------------------------------------------------ camera

  @Override
  public Camera openCamera(CameraConfig config) {
    return registry.open("camera", config.id(), () -> cameras.apply(config));
  }
}
