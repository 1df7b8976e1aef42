package io.lightwire.boards;

import io.lightwire.hal.Camera;
import io.lightwire.hal.CameraConfig;
import io.lightwire.hal.Device;
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
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.pi4j.Pi4jHardware;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A board's {@link Hardware} with its pins checked: every device that opens claims its header pins
 * in {@link #claims()} first, so a pin used for a function it lacks, or used twice, fails with a
 * message naming the pin and the valid choices, before anything touches the hardware. Closing a
 * device frees its pins.
 *
 * <p>The firmware opens a board with {@link #open(BoardDescriptor)}.
 */
public final class BoardHardware implements Hardware {

  private final BoardDescriptor board;
  private final Hardware delegate;
  private final PinClaims claims;

  private BoardHardware(BoardDescriptor board, Hardware delegate) {
    this.board = board;
    this.delegate = delegate;
    this.claims = new PinClaims(board);
  }

  /**
   * Opens the hardware of {@code board}: the emulated board in memory (on the system clock), or a
   * Raspberry Pi through Pi4J 4 with Lightwire's FFM providers on the GPIO chip labelled {@link
   * BoardDescriptor#gpioChipLabel()} (the JVM needs {@code
   * --enable-native-access=io.lightwire.hal}). The chip is opened when the first GPIO is; a missing
   * chip is a {@link io.lightwire.hal.DeviceIoException} naming the chips found.
   */
  public static BoardHardware open(BoardDescriptor board) {
    if (board.emulated()) {
      return wrap(board, new EmulatedHardware());
    }
    return wrap(board, Pi4jHardware.openLinux(board.gpioChipLabel()));
  }

  /**
   * Checks every device opened on {@code delegate} against {@code board}; for tests and for
   * hardware built by other means (e.g. an emulated board on a virtual clock).
   */
  public static BoardHardware wrap(BoardDescriptor board, Hardware delegate) {
    return new BoardHardware(board, delegate);
  }

  /** The board's descriptor. */
  public BoardDescriptor board() {
    return board;
  }

  /** The pins in use. */
  public PinClaims claims() {
    return claims;
  }

  /** The hardware underneath (e.g. the {@link EmulatedHardware} for its test API). */
  public Hardware delegate() {
    return delegate;
  }

  /**
   * A PWM config for GPIO {@code bcm} with the chip and channel this board routes to it.
   *
   * @throws IllegalArgumentException when the GPIO has no hardware PWM; lists the pins that do
   */
  public static PwmConfig pwmConfig(
      BoardDescriptor board, String id, int bcm, long frequencyHz, double dutyPercent) {
    PwmChannel ch = pwmChannelOf(board, bcm);
    return new PwmConfig(id, bcm, ch.chip(), ch.channel(), frequencyHz, dutyPercent);
  }

  private static PwmChannel pwmChannelOf(BoardDescriptor board, int bcm) {
    return board
        .pwmChannel(bcm)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "GPIO "
                        + bcm
                        + " has no hardware PWM on "
                        + board.id()
                        + "; PWM pins: "
                        + board.pwmChannels().stream()
                            .map(c -> c.physical() + " (GPIO" + c.bcm() + ", " + c.function() + ")")
                            .toList()));
  }

  @Override
  public String kind() {
    return delegate.kind();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public HalClock clock() {
    return delegate.clock();
  }

  @Override
  public Network network() {
    return delegate.network();
  }

  /** Claims, opens, and on failure releases what was claimed. */
  private <T extends Device> T claimed(List<ClaimStep> steps, Supplier<T> open) {
    AtomicReference<Device> device = new AtomicReference<>();
    List<PinClaims.Claim> made = new ArrayList<>();
    try {
      for (ClaimStep step : steps) {
        made.add(step.claim(() -> device.get() == null || device.get().isOpen()));
      }
      T d = open.get();
      device.set(d);
      return d;
    } catch (RuntimeException e) {
      made.forEach(claims::release);
      throw e;
    }
  }

  @FunctionalInterface
  private interface ClaimStep {
    PinClaims.Claim claim(java.util.function.BooleanSupplier alive);
  }

  @Override
  public DigitalOutput openDigitalOutput(DigitalOutputConfig config) {
    return claimed(
        List.of(a -> claims.claimGpio(config.bcm(), HeaderPin.GPIO, config.id(), a)),
        () -> delegate.openDigitalOutput(config));
  }

  @Override
  public DigitalInput openDigitalInput(DigitalInputConfig config) {
    return claimed(
        List.of(a -> claims.claimGpio(config.bcm(), HeaderPin.GPIO, config.id(), a)),
        () -> delegate.openDigitalInput(config));
  }

  @Override
  public PwmOutput openPwm(PwmConfig config) {
    PwmChannel ch = pwmChannelOf(board, config.bcm());
    if (ch.chip() != config.chip() || ch.channel() != config.channel()) {
      throw new IllegalArgumentException(
          config.id()
              + ": GPIO "
              + config.bcm()
              + " is "
              + ch.function()
              + " on "
              + board.id()
              + ", but the config names chip "
              + config.chip()
              + " channel "
              + config.channel()
              + "; use BoardHardware.pwmConfig to fill them in");
    }
    return claimed(
        List.of(a -> claims.claimGpio(config.bcm(), ch.function(), config.id(), a)),
        () -> delegate.openPwm(config));
  }

  /**
   * The header name of bus {@code number} of {@code kind} (e.g. {@code I2C1}).
   *
   * @throws IllegalArgumentException naming the device, the bus and the board's buses of that kind,
   *     when the board's header has no such bus
   */
  private String requireBus(String kind, int number, List<Integer> buses, String deviceId) {
    String bus = kind + number;
    if (!buses.contains(number)) {
      throw new IllegalArgumentException(
          deviceId
              + ": "
              + bus
              + " is not on the "
              + board.id()
              + " header; "
              + kind
              + " buses: "
              + buses);
    }
    return bus;
  }

  @Override
  public I2cDevice openI2c(I2cConfig config) {
    String bus = requireBus("I2C", config.bus(), board.i2cBuses(), config.id());
    return claimed(
        List.of(
            a -> claims.claimFunction(bus + "_SDA", bus, a),
            a -> claims.claimFunction(bus + "_SCL", bus, a)),
        () -> delegate.openI2c(config));
  }

  @Override
  public SpiDevice openSpi(SpiConfig config) {
    String bus = requireBus("SPI", config.bus(), board.spiBuses(), config.id());
    return claimed(
        List.of(
            a -> claims.claimFunction(bus + "_MOSI", bus, a),
            a -> claims.claimFunction(bus + "_MISO", bus, a),
            a -> claims.claimFunction(bus + "_SCLK", bus, a),
            a -> claims.claimFunction(bus + "_CE" + config.chipSelect(), config.id(), a)),
        () -> delegate.openSpi(config));
  }

  @Override
  public Camera openCamera(CameraConfig config) {
    if (board.cameraConnectors().isEmpty()) {
      throw new IllegalArgumentException(board.id() + " has no camera connector");
    }
    return delegate.openCamera(config);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
