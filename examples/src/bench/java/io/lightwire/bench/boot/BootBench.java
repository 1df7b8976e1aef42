package io.lightwire.bench.boot;

import io.lightwire.bench.common.Args;
import io.lightwire.bench.common.ProcMemory;
import io.lightwire.bench.common.Stats;
import io.lightwire.firmware.Bench;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lightwire bench boot}: starts the firmware through the launcher {@code --runs} times with
 * its AOT cache, as many times without, and as many times per {@code --variant} (extra JVM flags
 * with the cache), alternating, after one unmeasured warm-up start of each (which also makes the
 * cache), each with the emulated board and a fresh state folder, and reports the median time from
 * exec to the first {@code /status} answer and the resident memory ({@code VmRSS}, and the peak
 * {@code VmHWM}) {@link #SETTLE_MS} ms after it. Then one start takes {@code --fuzz-frames} fuzzed
 * frames on {@code /camera} and reports its resident memory before and after. Prints a Markdown
 * report and writes it to {@code --out}/boot.md.
 */
public final class BootBench implements Bench {

  /** Pause between the first {@code /status} answer and the memory reading, milliseconds. */
  static final int SETTLE_MS = 2_000;

  /**
   * Pause between the last fuzzed frame and the memory reading, milliseconds: longer than the
   * launchers' {@code -XX:TrimNativeHeapInterval} (5 s), so memory the JVM freed has been trimmed.
   */
  static final int FUZZ_SETTLE_MS = 6_000;

  /** Seed of the fuzzed frames (the same frames on every run). */
  static final long FUZZ_SEED = 20_261_207L;

  /** Creates the benchmark (found through {@link java.util.ServiceLoader}). */
  public BootBench() {}

  @Override
  public String name() {
    return "boot";
  }

  @Override
  public String summary() {
    return "exec to first /status answer and resident memory, with and without the AOT cache;"
        + " resident memory under fuzzed frames";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException, InterruptedException {
    Args.Parsed<BootOptions> parsed =
        Args.parse(name(), BootOptions.USAGE, args, BootOptions::parse, out);
    BootOptions options = parsed.options();
    if (options == null) {
      return parsed.exit();
    }
    if (!Files.isExecutable(options.launcher())) {
      out.println("bench boot: " + options.launcher() + " is not an executable launcher");
      out.println(BootOptions.USAGE);
      return 2;
    }
    Path launcher = options.launcher().toAbsolutePath();
    out.printf(
        "bench boot: %d starts per mode of %s run (JAVA_OPTS=%s), load average %s%n",
        options.runs(), launcher, options.javaOpts(), BootReport.loadAverage());
    List<Mode> modes = modes(options);
    for (Mode mode : modes) {
      measure(launcher, mode).close(); // warm-up: makes the cache if missing
    }
    for (int i = 0; i < options.runs(); i++) {
      for (Mode mode : modes) {
        mode.samples().add(sample(launcher, mode, out));
      }
    }
    BootReport.Fuzz fuzz = null;
    if (options.fuzzFrames() > 0) {
      fuzz = fuzz(launcher, options, out);
    }
    String report = BootReport.markdown(options, BootReport.loadAverage(), modes, fuzz, launcher);
    out.print(report);
    Files.createDirectories(options.out());
    Path file = options.out().resolve("boot.md");
    Files.writeString(file, report);
    out.println("written to " + file);
    return 0;
  }

  /** One measured start: boot time and memory after {@link #SETTLE_MS}. */
  record Sample(double bootMs, ProcMemory memory) {}

  /**
   * One row of the report: how the launcher is started, and its samples.
   *
   * @param name the row's name
   * @param aot whether the launcher may use its AOT cache
   * @param javaOpts the {@code JAVA_OPTS} of each start
   * @param samples the measured starts, in order
   */
  record Mode(String name, boolean aot, String javaOpts, List<Sample> samples) {}

  /** The product's configuration with and without the cache, then each variant (with it). */
  static List<Mode> modes(BootOptions options) {
    List<Mode> modes = new ArrayList<>();
    modes.add(new Mode("AOT cache", true, options.javaOpts(), new ArrayList<>()));
    modes.add(new Mode("no AOT cache", false, options.javaOpts(), new ArrayList<>()));
    for (BootOptions.Variant v : options.variants()) {
      String opts = (options.javaOpts() + " " + v.flags()).strip();
      modes.add(
          new Mode(v.name() + " (AOT cache, " + v.flags() + ")", true, opts, new ArrayList<>()));
    }
    return modes;
  }

  private static Sample sample(Path launcher, Mode mode, PrintStream out)
      throws IOException, InterruptedException {
    try (FirmwareLaunch launch = measure(launcher, mode)) {
      Thread.sleep(SETTLE_MS);
      Sample sample = new Sample(launch.bootNanos() / 1e6, launch.memory());
      out.printf(
          "  %-24.24s %6.0f ms  VmRSS %6.1f MiB  VmHWM %6.1f MiB%n",
          mode.name(),
          sample.bootMs(),
          sample.memory().rssKib() / 1024.0,
          sample.memory().peakKib() / 1024.0);
      return sample;
    }
  }

  private static FirmwareLaunch measure(Path launcher, Mode mode)
      throws IOException, InterruptedException {
    return FirmwareLaunch.start(launcher, mode.aot(), mode.javaOpts());
  }

  private static BootReport.Fuzz fuzz(Path launcher, BootOptions options, PrintStream out)
      throws IOException, InterruptedException {
    try (FirmwareLaunch launch = FirmwareLaunch.start(launcher, true, options.javaOpts())) {
      Thread.sleep(SETTLE_MS);
      ProcMemory before = launch.memory();
      long started = System.nanoTime();
      int connections = new CameraFuzz(launch.port(), FUZZ_SEED).send(options.fuzzFrames());
      double seconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(FUZZ_SETTLE_MS);
      ProcMemory after = launch.memory();
      out.printf(
          "  fuzz: %d frames over %d connections in %.1f s: VmRSS %.1f -> %.1f MiB (peak %.1f)%n",
          options.fuzzFrames(),
          connections,
          seconds,
          before.rssKib() / 1024.0,
          after.rssKib() / 1024.0,
          after.peakKib() / 1024.0);
      return new BootReport.Fuzz(options.fuzzFrames(), connections, before, after);
    }
  }

  /** The median of the boot times, milliseconds. */
  static double medianBootMs(List<Sample> samples) {
    return Stats.median(samples.stream().mapToDouble(Sample::bootMs).toArray());
  }

  /** The median resident memory, MiB. */
  static double medianRssMib(List<Sample> samples) {
    return Stats.median(samples.stream().mapToDouble(s -> s.memory().rssKib() / 1024.0).toArray());
  }

  /** The median peak resident memory, MiB. */
  static double medianPeakMib(List<Sample> samples) {
    return Stats.median(samples.stream().mapToDouble(s -> s.memory().peakKib() / 1024.0).toArray());
  }
}
