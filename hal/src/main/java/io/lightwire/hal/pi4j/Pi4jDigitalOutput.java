package io.lightwire.hal.pi4j;

import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;

/** A {@link DigitalOutput} of {@link Pi4jHardware}; remembers the logical level it last set. */
final class Pi4jDigitalOutput
    extends Pi4jDevice<com.pi4j.io.gpio.digital.DigitalOutput, DigitalOutputConfig>
    implements DigitalOutput {
  private volatile boolean logical;

  Pi4jDigitalOutput(Board board, DigitalOutputConfig config, String resource) {
    super(
        board,
        resource,
        config.id(),
        describe("digital output", config.id(), resource),
        config,
        context ->
            context.create(
                com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(context)
                    .id("gpio" + config.bcm())
                    .name(config.id())
                    .bcm(config.bcm())
                    .initial(raw(config.initial(), config.activeLow()))
                    .shutdown(raw(config.shutdown(), config.activeLow()))
                    .build()));
    this.logical = config.initial();
  }

  @Override
  public void set(boolean high) {
    callOpen(() -> io.state(raw(high, config.activeLow())));
    logical = high;
  }

  @Override
  public boolean get() {
    ensureOpen();
    return logical;
  }
}
