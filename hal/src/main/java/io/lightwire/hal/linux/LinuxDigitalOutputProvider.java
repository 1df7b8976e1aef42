package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
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
    Output out = new Output(this, config, gpio);
    context.registry().add(out);
    return out;
  }

  static final class Output extends DigitalOutputBase {
    private final LinuxGpio gpio;
    private GpioLine line;

    Output(DigitalOutputProvider provider, DigitalOutputConfig config, LinuxGpio gpio) {
      super(provider, config);
      this.gpio = gpio;
    }

    @Override
    public DigitalOutput initialize(Context context) throws InitializeException {
      DigitalState initial = config.initialState();
      line =
          gpio.chip()
              .request(
                  config.bcm(),
                  config.name() == null ? config.id() : config.name(),
                  GpioV2.FLAG_OUTPUT,
                  initial != null && initial.isHigh(),
                  0);
      return super.initialize(context);
    }

    @Override
    public DigitalOutput state(DigitalState state) {
      if (line != null) {
        line.set(state.isHigh());
      }
      return super.state(state);
    }

    @Override
    public DigitalOutput shutdownInternal(Context context) throws ShutdownException {
      try {
        return super.shutdownInternal(context);
      } finally {
        if (line != null) {
          line.close();
        }
      }
    }
  }
}
