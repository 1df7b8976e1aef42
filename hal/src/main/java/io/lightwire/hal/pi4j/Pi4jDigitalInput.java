package io.lightwire.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.EdgeListener;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.linux.KernelEdgeEvent;
import java.util.Objects;

/**
 * A {@link DigitalInput} of {@link Pi4jHardware}. Edge times are the kernel's when the provider
 * reports them ({@link KernelEdgeEvent}), else the hardware clock's at delivery.
 */
final class Pi4jDigitalInput
    extends Pi4jDevice<com.pi4j.io.gpio.digital.DigitalInput, DigitalInputConfig>
    implements DigitalInput {

  Pi4jDigitalInput(Board board, DigitalInputConfig config, String resource) {
    super(
        board,
        resource,
        config.id(),
        describe("digital input", config.id(), resource),
        config,
        context ->
            context.create(
                com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(context)
                    .id("gpio" + config.bcm())
                    .name(config.id())
                    .bcm(config.bcm())
                    .pull(pull(config))
                    .debounce(config.debounceMicros())
                    .build()));
  }

  private static PullResistance pull(DigitalInputConfig config) {
    return switch (config.pull()) {
      case NONE -> PullResistance.OFF;
      case UP -> PullResistance.PULL_UP;
      case DOWN -> PullResistance.PULL_DOWN;
    };
  }

  @Override
  public boolean get() {
    return callOpen(io::state).isHigh() ^ config.activeLow();
  }

  @Override
  public Subscription onEdge(EdgeListener listener) {
    ensureOpen();
    Objects.requireNonNull(listener, "listener");
    DigitalStateChangeListener adapter =
        event -> {
          if (isOpen() && event.state() != DigitalState.UNKNOWN) {
            long t =
                event instanceof KernelEdgeEvent k ? k.timestampNanos() : board.clock().nanos();
            listener.onEdge(event.state().isHigh() ^ config.activeLow(), t);
          }
        };
    io.addListener(adapter);
    return () -> io.removeListener(adapter);
  }
}
