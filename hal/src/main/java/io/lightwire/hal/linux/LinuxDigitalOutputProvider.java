package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;

/**
 * Lightwire's Pi4J 4 digital output provider: one GPIO v2 line per output, requested as an output
 * with its initial value in the same ioctl (no glitch), written with {@code
 * GPIO_V2_LINE_SET_VALUES_IOCTL}. Shutdown writes the config's shutdown state, then releases.
 */
public final class LinuxDigitalOutputProvider extends DigitalOutputProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-digital-output";

  private final LinuxGpio gpio;

  /**
   * @param gpio the chip holder shared with the input provider
   */
  public LinuxDigitalOutputProvider(LinuxGpio gpio) {
    super(ID, "Lightwire digital output (FFM, GPIO character device v2)");
    this.gpio = gpio;
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public DigitalOutput create(DigitalOutputConfig config) {
    // The line is requested before Pi4J registers the I/O, so a refused request leaves nothing
    // registered.
    DigitalState initial = config.initialState();
    GpioLine line =
        gpio.chip()
            .request(
                config.bcm(),
                config.name() == null ? config.id() : config.name(),
                GpioV2.FLAG_OUTPUT,
                initial != null && initial.isHigh(),
                0);
    return ProviderSupport.register(context, new Output(this, config, line), line);
  }

  static final class Output extends DigitalOutputBase {
    private final GpioLine line;

    Output(DigitalOutputProvider provider, DigitalOutputConfig config, GpioLine line) {
      super(provider, config);
      this.line = line;
    }

    @Override
    public DigitalOutput state(DigitalState state) {
      line.set(state.isHigh());
      return super.state(state);
    }

    @Override
    public DigitalOutput shutdownInternal(Context context) throws ShutdownException {
      try {
        return super.shutdownInternal(context);
      } finally {
        line.close();
      }
    }
  }
}
