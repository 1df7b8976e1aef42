package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.CliProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lightwire run} loads, read from the JVM's own class-load log ({@code
 * -Xlog:class+load}) of a real process: {@code run --aot-training} boots the firmware, answers the
 * page, {@code /status} and {@code /metrics} over loopback and exits. Nothing of TLS (Bouncy
 * Castle) unless TLS is on, nothing of SSH, flashing, bundling or the other subcommands, and no
 * picocli: well-formed {@code run} options are read by {@link RunArguments} (picocli's jar cannot
 * be in the AOT cache, and its annotation model took a third of the boot).
 */
@Tag("process")
class RunClassLoadingTest {

  @TempDir Path dir;

  /** Class name prefixes that a plain-HTTP {@code run} must never load. */
  private static final List<String> NEVER_AT_BOOT =
      List.of(
          "org.bouncycastle.",
          "org.apache.sshd.",
          "io.lightwire.bench.",
          "io.lightwire.firmware.flash.",
          "io.lightwire.firmware.bundle.",
          "io.lightwire.firmware.cli.FlashCommand",
          "io.lightwire.firmware.cli.BundleCommand",
          "io.lightwire.firmware.cli.NewCommand",
          "io.lightwire.firmware.cli.KeysCommand",
          "io.lightwire.firmware.cli.BenchCommand",
          "io.lightwire.firmware.cli.ExampleCommand",
          "picocli.",
          // Classes the AOT cache cannot hold, so the JVM would generate them at every boot (and
          // compile its class generator: 7 MB of compiler arena resident after boot): dynamic
          // proxies and the serializable lambdas of Comparator.comparing*.
          "jdk.proxy",
          "java.util.Comparator$$Lambda");

  @Test
  void runWithoutTlsLoadsNoBouncyCastleNoSshNoOtherCommandAndNoUncacheableClass() throws Exception {
    List<String> loaded = run("plain");
    assertTrue(loaded.contains("io.lightwire.firmware.Firmware"), "the log is read: " + loaded);
    for (String prefix : NEVER_AT_BOOT) {
      List<String> found = loaded.stream().filter(c -> c.startsWith(prefix)).toList();
      assertEquals(List.of(), found, prefix + " loaded by run");
    }
  }

  @Test
  void runWithTlsLoadsBouncyCastle() throws Exception {
    // The control: the same log shows Bouncy Castle as soon as TLS is on.
    List<String> loaded = run("tls", "--tls");
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("org.bouncycastle.")), "TLS on");
    assertFalse(loaded.stream().anyMatch(c -> c.startsWith("org.apache.sshd.")), "no SSH");
  }

  /** Runs {@code run --aot-training OPTIONS} in a child JVM; returns the classes it loaded. */
  private List<String> run(String name, String... options) throws Exception {
    Path log = dir.resolve(name + "-classes.log");
    Path state = Files.createDirectories(dir.resolve(name + "-state"));
    List<String> cli =
        new ArrayList<>(
            List.of(
                "run",
                "--aot-training",
                "--board",
                "emulated",
                "--port",
                "0",
                "--bind",
                "127.0.0.1"));
    cli.addAll(List.of(options));
    ProcessBuilder builder =
        CliProcess.command(List.of("-Xlog:class+load=info:file=" + log), cli.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + "-output.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("LIGHTWIRE_"));
    builder.environment().put("LIGHTWIRE_STATE_DIR", state.toString());
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the training run ends by itself");
    } finally {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(dir.resolve(name + "-output.txt"));
    if (options.length == 0) {
      assertEquals(0, process.exitValue(), output);
    }
    // "[0.123s][info][class,load] java.lang.Object source: shared objects file"
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .map(line -> line.substring(line.indexOf("] ", line.lastIndexOf("][")) + 2))
        .map(rest -> rest.split(" ", 2)[0])
        .toList();
  }
}
