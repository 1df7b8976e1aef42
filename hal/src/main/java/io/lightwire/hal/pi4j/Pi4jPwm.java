package io.lightwire.hal.pi4j;

import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmPolarity;
import com.pi4j.io.pwm.PwmType;
import io.lightwire.hal.PwmConfig;
import io.lightwire.hal.PwmOutput;

/** A hardware {@link PwmOutput} of {@link Pi4jHardware}; off, then shut down, on close. */
final class Pi4jPwm extends Pi4jDevice<Pwm, PwmConfig> implements PwmOutput {
  private volatile double duty;
  private volatile long frequency;

  Pi4jPwm(Board board, PwmConfig config, String resource) {
    super(
        board,
        resource,
        config.id(),
        describe(
            "PWM",
            config.id(),
            resource + ", chip " + config.chip() + " channel " + config.channel()),
        config,
        context ->
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
    this.duty = config.dutyPercent();
    this.frequency = config.frequencyHz();
  }

  @Override
  public void on(double dutyPercent, long frequencyHz) {
    config.withOutput(frequencyHz, dutyPercent); // checked before anything changes
    callOpen(() -> io.on((int) Math.round(dutyPercent), (int) frequencyHz));
    duty = dutyPercent;
    frequency = frequencyHz;
  }

  @Override
  public void off() {
    callOpen(io::off);
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
      super.onClose();
    }
  }
}
