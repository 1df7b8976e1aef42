package io.lightwire.hal.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real FFM boundary, on ordinary files (this machine has no GPIO chip). */
class FfmLinuxNativeTest {

  private final FfmLinuxNative linux = new FfmLinuxNative();

  @TempDir Path dir;

  @Test
  void openOfAMissingFileReportsEnoent() {
    NativeException e =
        assertThrows(
            NativeException.class,
            () -> linux.open(dir.resolve("gpiochip9").toString(), LinuxNative.O_RDWR));
    assertEquals(NativeException.ENOENT, e.errno());
    assertTrue(e.getMessage().contains("ENOENT") && e.getMessage().contains("gpiochip9"));
  }

  @Test
  void writeReadAndPollWorkOnAFile() throws Exception {
    Path file = dir.resolve("export");
    Files.writeString(file, "");
    try (Arena arena = Arena.ofConfined()) {
      int fd = linux.open(file.toString(), LinuxNative.O_WRONLY | LinuxNative.O_CLOEXEC);
      MemorySegment text = arena.allocateFrom("17", StandardCharsets.US_ASCII);
      assertEquals(2, linux.write(fd, text, 2));
      linux.close(fd);
      assertEquals("17", Files.readString(file));

      fd = linux.open(file.toString(), LinuxNative.O_RDONLY);
      MemorySegment pollfd = arena.allocate(LinuxNative.POLLFD_SIZE, 8);
      pollfd.set(ValueLayout.JAVA_INT, 0, fd);
      pollfd.set(ValueLayout.JAVA_SHORT, 4, LinuxNative.POLLIN);
      assertEquals(1, linux.poll(pollfd, 1, 100));
      MemorySegment buf = arena.allocate(8);
      assertEquals(2, linux.read(fd, buf, 8));
      assertEquals('1', buf.get(ValueLayout.JAVA_BYTE, 0));
      linux.close(fd);
    }
  }

  @Test
  void aGpioIoctlOnAPlainFileFailsWithEnotty() throws Exception {
    Path file = dir.resolve("plain");
    Files.writeString(file, "x");
    int fd = linux.open(file.toString(), LinuxNative.O_RDONLY);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(GpioV2.CHIPINFO_SIZE, 8);
      NativeException e =
          assertThrows(
              NativeException.class, () -> linux.ioctl(fd, GpioV2.GET_CHIPINFO_IOCTL, info));
      assertEquals(NativeException.ENOTTY, e.errno());
    } finally {
      linux.close(fd);
    }
  }

  @Test
  void closingABadFdReportsIt() {
    NativeException e = assertThrows(NativeException.class, () -> linux.close(987_654));
    assertEquals(9, e.errno()); // EBADF
  }
}
