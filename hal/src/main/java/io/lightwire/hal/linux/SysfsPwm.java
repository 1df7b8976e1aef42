package io.lightwire.hal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One channel of {@code /sys/class/pwm/pwmchipN} ({@code
 * Documentation/ABI/testing/sysfs-class-pwm}): exported on open, {@code period} and {@code
 * duty_cycle} in nanoseconds, {@code polarity}, {@code enable}, and unexported on close. Every file
 * write goes through the native boundary with one preallocated text buffer.
 *
 * <p>The kernel refuses any state with a zero period or a duty cycle above the period ({@code
 * EINVAL}), and a freshly exported channel has period 0: so the period is written first (duty 0 is
 * within it), and only when that is refused because an older, longer duty is still set is the duty
 * lowered first. Found against a real kernel ({@code bin/check-kernel-hal}); the first version
 * wrote duty 0 first, which a fresh channel refuses.
 */
public final class SysfsPwm implements AutoCloseable {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LinuxNative linux;
  private final String chipDir;
  private final String channelDir;
  private final int channel;
  private final boolean inverted;
  private boolean polaritySet;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment text = arena.allocate(32);
  private long periodNanos;
  private Boolean enabled; // null: unknown (a previous process may have left it on)

  /**
   * Exports the channel.
   *
   * @param sysClassPwm {@code /sys/class/pwm}
   * @param inverted {@code polarity} is {@code inversed} (set before the first enable)
   * @throws NativeException when the chip is missing or the export fails
   */
  public SysfsPwm(LinuxNative linux, String sysClassPwm, int chip, int channel, boolean inverted) {
    this.linux = linux;
    this.inverted = inverted;
    this.chipDir = sysClassPwm + "/pwmchip" + chip;
    this.channelDir = chipDir + "/pwm" + channel;
    this.channel = channel;
    if (!linux.list(chipDir).contains("pwm" + channel)) {
      write(chipDir + "/export", channel);
    }
  }

  /** Sets frequency and duty and enables the output. */
  public synchronized void on(long frequencyHz, double dutyPercent) {
    long period = NANOS_PER_SECOND / frequencyHz;
    long duty = Math.round(period * dutyPercent / 100.0);
    try {
      write(channelDir + "/period", period);
    } catch (NativeException e) {
      if (e.errno() != NativeException.EINVAL) {
        throw e;
      }
      // The duty still set is longer than the new period: lower it, then retry.
      write(channelDir + "/duty_cycle", 0);
      write(channelDir + "/period", period);
    }
    write(channelDir + "/duty_cycle", duty);
    if (!polaritySet) {
      writeText(channelDir + "/polarity", inverted ? "inversed" : "normal");
      polaritySet = true;
    }
    write(channelDir + "/enable", 1);
    enabled = true;
    periodNanos = period;
  }

  /** Disables the output (writes only when it is, or may be, enabled). */
  public synchronized void off() {
    if (enabled != Boolean.FALSE) {
      write(channelDir + "/enable", 0);
      enabled = false;
    }
  }

  /** The period last set, nanoseconds. */
  public synchronized long periodNanos() {
    return periodNanos;
  }

  private void write(String path, long value) {
    writeText(path, Long.toString(value));
  }

  private void writeText(String path, String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      text.set(JAVA_BYTE, n++, (byte) s.charAt(i));
    }
    int fd = linux.open(path, LinuxNative.O_WRONLY | LinuxNative.O_CLOEXEC);
    try {
      linux.write(fd, text, n);
    } finally {
      linux.close(fd);
    }
  }

  /** Disables and unexports the channel. */
  @Override
  public synchronized void close() {
    try {
      off();
      write(chipDir + "/unexport", channel);
    } finally {
      arena.close();
    }
  }
}
