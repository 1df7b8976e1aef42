package io.lightwire.hal.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs checks inside the kernel-check VM ({@code bin/kernel-vm}) from a JUnit test. When the VM is
 * not prepared (no QEMU, no cached kernel: run {@code bin/check-kernel-hal} once) the test is
 * skipped with that reason, unless {@code LIGHTWIRE_REQUIRE_KERNEL_VM=1} (set by {@code .ci/run})
 * turns the skip into a failure.
 */
public final class KernelVm {

  /** The environment flag that makes a missing VM a failure. */
  public static final String REQUIRE_FLAG = "LIGHTWIRE_REQUIRE_KERNEL_VM";

  /** The whole VM run's limit, seconds (boot, JVM starts, checks; TCG on a loaded machine). */
  private static final long TIMEOUT_SECONDS = 900;

  private KernelVm() {}

  /** The repository's root (the folder holding {@code bin/kernel-vm}), from a module's folder. */
  public static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/kernel-vm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/kernel-vm above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Skips (or, with the flag, fails) the calling test when the VM is not prepared. */
  public static void requireReady() throws Exception {
    Path repo = repository();
    Process ready = new ProcessBuilder(repo.resolve("bin/kernel-vm").toString(), "ready").start();
    boolean isReady = ready.waitFor(60, TimeUnit.SECONDS) && ready.exitValue() == 0;
    String reason =
        "the kernel-check VM is not prepared (QEMU or the cached Debian kernel is missing): run"
            + " bin/check-kernel-hal once";
    if (!isReady && "1".equals(System.getenv(REQUIRE_FLAG))) {
      Assertions.fail(reason + " (" + REQUIRE_FLAG + "=1)");
    }
    Assumptions.assumeTrue(isReady, reason);
  }

  /** The test's own class path (surefire's full one, not its booter jar). */
  public static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /**
   * Boots the VM, runs {@code hal/src/test/kernel/run-checks.sh} with these arguments (pairs of
   * main class and class path), and returns its output lines; prints them too, so a CI log shows
   * every check.
   */
  public static List<String> runChecks(String... args) throws IOException, InterruptedException {
    Path repo = repository();
    List<String> command = new ArrayList<>();
    command.add(repo.resolve("bin/kernel-vm").toString());
    command.add("run");
    command.add(repo.resolve("hal/src/test/kernel/run-checks.sh").toString());
    command.add(System.getProperty("java.home"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("kernel-vm", ".log");
    try {
      Process vm =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(repo.toFile())
              .start();
      if (!vm.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        vm.destroyForcibly().waitFor();
        Assertions.fail("the kernel-check VM did not finish within " + TIMEOUT_SECONDS + " s");
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      lines.forEach(System.out::println);
      return lines;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Fails naming every failed check; requires at least one passed check and a summary. */
  public static void assertAllPassed(List<String> lines) {
    List<String> failed = lines.stream().filter(l -> l.startsWith("FAIL ")).toList();
    long passed = lines.stream().filter(l -> l.startsWith("PASS ")).count();
    Assertions.assertTrue(failed.isEmpty(), "failed in the VM: " + String.join("; ", failed));
    Assertions.assertTrue(passed > 0, "no check ran in the VM: " + String.join("\n", lines));
    Assertions.assertTrue(
        lines.stream().anyMatch(l -> l.matches("\\d+ passed, 0 failed")),
        "no clean summary line: " + String.join("\n", lines));
  }
}
