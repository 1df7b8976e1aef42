package io.lightwire.hal.linux;

import com.pi4j.context.Context;
import com.pi4j.exception.ShutdownException;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmBase;
import com.pi4j.io.pwm.PwmConfig;
import com.pi4j.io.pwm.PwmPolarity;
import com.pi4j.io.pwm.PwmProvider;
import com.pi4j.io.pwm.PwmProviderBase;

/**
 * Lightwire's Pi4J 4 hardware PWM provider over {@code /sys/class/pwm} ({@link SysfsPwm}); the
 * config's chip is the {@code pwmchipN} index.
 */
public final class LinuxPwmProvider extends PwmProviderBase {

  /** The provider id. */
  public static final String ID = "lightwire-linux-pwm";

  private final LinuxNative linux;
  private final String sysClassPwm;

  /**
   * @param linux the native boundary
   * @param sysClassPwm normally {@code /sys/class/pwm}
   */
  public LinuxPwmProvider(LinuxNative linux, String sysClassPwm) {
    super(ID, "Lightwire hardware PWM (FFM, sysfs)");
    this.linux = linux;
    this.sysClassPwm = sysClassPwm;
  }

  @Override
  public int getPriority() {
    return 1000;
  }

  @Override
  public Pwm create(PwmConfig config) {
    SysfsPwm sysfs =
        ProviderSupport.open(
            "PWM chip " + config.chip() + " channel " + config.channel(),
            EnableHints.pwm(config.chip()),
            () ->
                new SysfsPwm(
                    linux,
                    sysClassPwm,
                    config.chip(),
                    config.channel(),
                    config.polarity() == PwmPolarity.INVERSED));
    return ProviderSupport.register(context, new Channel(this, config, sysfs), sysfs);
  }

  static final class Channel extends PwmBase {
    private final SysfsPwm sysfs;

    Channel(PwmProvider provider, PwmConfig config, SysfsPwm sysfs) {
      super(provider, config);
      this.sysfs = sysfs;
    }

    @Override
    public Pwm on() {
      try {
        sysfs.on(frequency, dutyCycle == null ? 0 : dutyCycle);
      } catch (NativeException e) {
        throw e.toDeviceIo("PWM " + id());
      }
      onState = true;
      return this;
    }

    @Override
    public Pwm off() {
      try {
        sysfs.off();
      } catch (NativeException e) {
        throw e.toDeviceIo("PWM " + id());
      }
      onState = false;
      return this;
    }

    @Override
    public Pwm shutdownInternal(Context context) throws ShutdownException {
      try {
        return super.shutdownInternal(context);
      } finally {
        sysfs.close();
      }
    }
  }
}
