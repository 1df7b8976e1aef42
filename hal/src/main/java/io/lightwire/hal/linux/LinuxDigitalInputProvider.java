package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;

/**
 * Lightwire's Pi4J 4 digital input provider: one GPIO v2 line per input, requested with both edge
 * flags, the bias from the pull setting and the kernel's debounce attribute; the chip's one event
 * thread ({@link GpioEvents}) polls every input line and dispatches Pi4J state-change events that
 * carry the kernel's timestamp ({@link KernelEdgeEvent}).
 */
public final class LinuxDigitalInputProvider extends DigitalInputProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-digital-input";

  private final LinuxGpio gpio;

  /**
   * @param gpio the chip holder shared with the output provider
   */
  public LinuxDigitalInputProvider(LinuxGpio gpio) {
    super(ID, "Lightwire digital input (FFM, GPIO character device v2)");
    this.gpio = gpio;
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public DigitalInput create(DigitalInputConfig config) {
    // Requested before Pi4J registers the I/O, so a refused request leaves nothing registered.
    Long debounce = config.debounce();
    GpioLine line =
        gpio.chip()
            .request(
                config.bcm(),
                config.name() == null ? config.id() : config.name(),
                flags(config.pull()),
                false,
                debounce == null ? 0 : debounce);
    return ProviderSupport.register(
        context,
        new Input(this, config, gpio, line),
        () -> {
          gpio.events().unregister(line);
          line.close();
        });
  }

  /** The request flags for a pull setting. */
  static long flags(PullResistance pull) {
    long bias =
        switch (pull == null ? PullResistance.OFF : pull) {
          case PULL_UP -> GpioV2.FLAG_BIAS_PULL_UP;
          case PULL_DOWN -> GpioV2.FLAG_BIAS_PULL_DOWN;
          case OFF -> GpioV2.FLAG_BIAS_DISABLED;
        };
    return GpioV2.FLAG_INPUT | GpioV2.FLAG_EDGE_RISING | GpioV2.FLAG_EDGE_FALLING | bias;
  }

  static final class Input extends DigitalInputBase {
    private final LinuxGpio gpio;
    private final GpioLine line;

    Input(DigitalInputProvider provider, DigitalInputConfig config, LinuxGpio gpio, GpioLine line) {
      super(provider, config);
      this.gpio = gpio;
      this.line = line;
      gpio.events()
          .register(
              line,
              (rising, nanos) ->
                  dispatch(
                      new KernelEdgeEvent(
                          this, rising ? DigitalState.HIGH : DigitalState.LOW, nanos)));
    }

    @Override
    public DigitalState state() {
      return line.get() ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public DigitalInput shutdownInternal(Context context) throws ShutdownException {
      gpio.events().unregister(line);
      try {
        return super.shutdownInternal(context);
      } finally {
        line.close();
      }
    }
  }
}
