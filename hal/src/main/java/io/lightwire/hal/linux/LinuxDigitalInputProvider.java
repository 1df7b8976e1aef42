package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.InitializeException;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lightwire's Pi4J 4 digital input provider: one GPIO v2 line per input, requested with both edge
 * flags, the bias from the pull setting and the kernel's debounce attribute; an event thread per
 * input polls the line fd and dispatches Pi4J state-change events.
 */
public final class LinuxDigitalInputProvider extends DigitalInputProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-digital-input";

  /** How long the event thread blocks in poll before checking for shutdown. */
  static final int POLL_MILLIS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(LinuxDigitalInputProvider.class);

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
    Input in = new Input(this, config, gpio);
    context.registry().add(in);
    return in;
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
    private GpioLine line;
    private Thread events;
    private volatile boolean running;

    Input(DigitalInputProvider provider, DigitalInputConfig config, LinuxGpio gpio) {
      super(provider, config);
      this.gpio = gpio;
    }

    @Override
    public DigitalInput initialize(Context context) throws InitializeException {
      Long debounce = config.debounce();
      line =
          gpio.chip()
              .request(
                  config.bcm(),
                  config.name() == null ? config.id() : config.name(),
                  flags(config.pull()),
                  false,
                  debounce == null ? 0 : debounce);
      running = true;
      events =
          Thread.ofPlatform().daemon().name("lightwire-gpio-" + config.bcm()).start(this::loop);
      return super.initialize(context);
    }

    private void loop() {
      while (running) {
        int id;
        try {
          id = line.awaitEvent(POLL_MILLIS);
        } catch (NativeException e) {
          if (running) {
            LOG.warn("GPIO {} event read failed; stopping its events", config.bcm(), e);
          }
          return;
        }
        if (id == GpioV2.EVENT_RISING_EDGE) {
          dispatch(new DigitalStateChangeEvent<>(this, DigitalState.HIGH));
        } else if (id == GpioV2.EVENT_FALLING_EDGE) {
          dispatch(new DigitalStateChangeEvent<>(this, DigitalState.LOW));
        }
      }
    }

    @Override
    public DigitalState state() {
      return line.get() ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public DigitalInput shutdownInternal(Context context) throws ShutdownException {
      running = false;
      try {
        if (events != null) {
          events.join(2_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        return super.shutdownInternal(context);
      } finally {
        line.close();
      }
    }
  }
}
