package io.lightwire.hal.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lightwire.hal.DeviceIoException;
import org.junit.jupiter.api.Test;

/** Every errno the GPIO, I2C, SPI and PWM providers can meet has a name and a reason. */
class NativeExceptionTest {

  @Test
  void eopnotsuppFromAnSmbusOnlyAdapterIsNamed() {
    NativeException e = new NativeException("ioctl(I2C_RDWR)", "/dev/i2c-1", 95);
    assertEquals(
        "ioctl(I2C_RDWR) on /dev/i2c-1 failed: EOPNOTSUPP (errno 95): operation not supported",
        e.getMessage());
  }

  @Test
  void everyErrnoTheProvidersMeetHasAName() {
    int[] met = {
      1, 2, 4, 5, 6, 9, 11, 12, 13, 14, 16, 19, 22, 23, 24, 25, 28, 30, 34, 38, 71, 74, 75, 90, 95,
      108, 110, 121, 512, 517, 524
    };
    for (int errno : met) {
      assertFalse(NativeException.name(errno).startsWith("errno"), "errno " + errno + " unnamed");
    }
  }

  @Test
  void anUnknownErrnoIsStillShownOnce() {
    assertEquals(
        "read on fd 3 failed: errno 1234", new NativeException("read", "fd 3", 1234).getMessage());
  }

  @Test
  void busFailuresMapToTheirReason() {
    assertEquals(DeviceIoException.Reason.NACK, reason(NativeException.EREMOTEIO));
    assertEquals(DeviceIoException.Reason.NACK, reason(NativeException.ENXIO));
    assertEquals(DeviceIoException.Reason.BUS_ERROR, reason(11));
    assertEquals(DeviceIoException.Reason.BUS_ERROR, reason(71));
    assertEquals(DeviceIoException.Reason.BUSY, reason(NativeException.EBUSY));
    assertEquals(DeviceIoException.Reason.NOT_FOUND, reason(NativeException.ENOENT));
  }

  private static DeviceIoException.Reason reason(int errno) {
    return new NativeException("ioctl", "fd 3", errno).toDeviceIo("dev").reason();
  }
}
