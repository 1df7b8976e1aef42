package io.lightwire.hal.linux;

/**
 * What the kernel reports about one GPIO line ({@code GPIO_V2_GET_LINEINFO_IOCTL}): its name from
 * the device tree or driver, who holds it, and how it is configured.
 *
 * @param offset the line's offset on its chip
 * @param name the line name ({@code GPIO17} on a Pi), empty when unnamed
 * @param consumer the holder's consumer string, empty when free
 * @param flags {@code GpioV2.FLAG_*} bits as the kernel reports them
 * @param debounceMicros the kernel's debounce period, 0 for none
 */
public record GpioLineInfo(
    int offset, String name, String consumer, long flags, long debounceMicros) {

  /** Whether {@code flag} ({@code GpioV2.FLAG_*}) is set. */
  public boolean has(long flag) {
    return (flags & flag) != 0;
  }
}
