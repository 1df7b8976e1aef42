package io.lightwire.bench.camera;

import io.lightwire.bench.common.Args;
import io.lightwire.bench.common.ProcMemory;
import io.lightwire.firmware.Bench;
import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code lightwire bench camera}: the firmware booted in this process on the emulated board (camera
 * 640x480 at 30 fps by default) streams {@code /camera} to 1, 8, 32 and 64 viewers, each our
 * blocking client on a thread of its own, each count once as is and once with one deliberately slow
 * viewer added. Per cell: delivered frames per second per viewer, capture-to-receive latency, CPU
 * time of the firmware's service and capture threads per frame delivered, bytes those threads
 * allocated per frame, and what the capture side itself managed; first, the time a new viewer waits
 * for its first frame from a stopped camera (capture on demand). Prints a Markdown table and writes
 * it, with a PNG chart, to {@code --out}.
 */
public final class CameraBench implements Bench {

  /** Cold starts timed for the time to first frame. */
  private static final int FIRST_FRAME_SAMPLES = 10;

  /** How long the idle firmware's CPU is measured, with no viewer and the camera stopped, ms. */
  static final long IDLE_CPU_MILLIS = 10_000;

  /** Creates the benchmark (found through {@link java.util.ServiceLoader}). */
  public CameraBench() {}

  @Override
  public String name() {
    return "camera";
  }

  @Override
  public String summary() {
    return "camera streaming to 1..64 viewers: fps, latency, CPU and allocation per frame, a slow"
        + " viewer's effect";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException, InterruptedException {
    Args.Parsed<CameraOptions> parsed =
        Args.parse(name(), CameraOptions.USAGE, args, CameraOptions::parse, out);
    CameraOptions options = parsed.options();
    if (options == null) {
      return parsed.exit();
    }
    Files.createDirectories(options.out());
    Path state = Files.createTempDirectory("lightwire-bench-state");
    ByteArrayOutputStream bootReport = new ByteArrayOutputStream();
    Run run = new Run(options);
    try {
      Firmware firmware;
      try {
        firmware =
            Firmware.boot(
                config(options, state),
                new PrintStream(bootReport, true, StandardCharsets.UTF_8),
                Path.of("/"));
      } catch (BootException | ConfigException e) {
        out.println("bench camera: the firmware did not boot: " + e.getMessage());
        out.print(bootReport.toString(StandardCharsets.UTF_8));
        return 1;
      }
      try {
        run.idle = ProcMemory.self();
        out.printf(
            "bench camera: firmware on 127.0.0.1:%d, camera %dx%d at %d fps%n",
            firmware.port(), options.width(), options.height(), options.fps());
        // A whole frame and the comment the capture thread may add in front of it.
        int frameBytes =
            Integer.parseInt(firmware.config().text(ConfigKey.CAMERA_FRAME_BYTES)) + 1024;
        // Capture on demand: a new viewer of a stopped camera, timed before anything warmed up.
        run.firstFrame = FirstFrame.measure(firmware, FIRST_FRAME_SAMPLES, frameBytes);
        out.printf(
            Locale.ROOT,
            "  time to first frame (stopped camera, new viewer): median %.1f ms, max %.1f ms over"
                + " %d%n",
            run.firstFrame.medianMillis(),
            run.firstFrame.maxMillis(),
            run.firstFrame.samples());
        run.idleCpuPercent = FirstFrame.idleCpuPercent(firmware, IDLE_CPU_MILLIS);
        out.printf(
            Locale.ROOT,
            "  idle CPU (no viewer, camera stopped): %.2f%% of one core over %d s%n",
            run.idleCpuPercent,
            IDLE_CPU_MILLIS / 1000);
        // One unmeasured pass over every path first (the most viewers, and the slow one), so the
        // JIT's first compilations and deoptimisations are not charged to the first cells.
        CameraLoad.Result warmup =
            CameraLoad.run(
                firmware,
                new CameraLoad.Plan(
                    options.maxViewers(),
                    options.slowViewer(),
                    options.warmupMillis(),
                    options.measureMillis(),
                    options.fps(),
                    frameBytes,
                    false));
        out.printf("  warm-up pass: %s%n", CameraReport.oneLine(warmup));
        for (boolean http : options.http() ? List.of(false, true) : List.of(false)) {
          for (int viewers : options.viewers()) {
            for (boolean slow : options.slowViewer() ? List.of(false, true) : List.of(false)) {
              CameraLoad.Plan plan =
                  new CameraLoad.Plan(
                      viewers,
                      slow,
                      options.warmupMillis(),
                      options.measureMillis(),
                      options.fps(),
                      frameBytes,
                      http);
              CameraLoad.Result result = CameraLoad.run(firmware, plan);
              Cell cell = new Cell(viewers, slow, http);
              run.cells.put(cell, result);
              out.printf("  %s: %s%n", CameraReport.label(cell), CameraReport.oneLine(result));
            }
          }
        }
        run.loaded = ProcMemory.self();
      } finally {
        firmware.close();
      }
      for (Pool pool : firmware.pools()) {
        if (pool.inUse() != 0) {
          run.leaks.add(pool.name() + " (" + pool.inUse() + " of " + pool.capacity() + ")");
        }
      }
    } finally {
      deleteTree(state);
    }
    String markdown = new CameraReport(run).markdown();
    Path table = options.out().resolve("camera.md");
    Files.writeString(table, markdown, StandardCharsets.UTF_8);
    Path chart = options.out().resolve("camera.png");
    CameraChart.write(run, chart);
    out.println();
    out.print(markdown);
    out.println();
    out.println("bench camera: wrote " + table + " and " + chart);
    return run.leaks.isEmpty() ? 0 : 1;
  }

  /**
   * The firmware's configuration: the emulated board on loopback and a free port, a throw-away
   * state directory, the camera as asked, and a connection slot for every viewer plus room for the
   * {@code /status} requests. Everything else is the default a user gets.
   */
  private static FirmwareConfig config(CameraOptions options, Path state) throws ConfigException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("board", "emulated");
    entries.put("server.bind", "127.0.0.1");
    entries.put("server.port", "0");
    entries.put("state.dir", state.toString());
    entries.put("camera.width", Integer.toString(options.width()));
    entries.put("camera.height", Integer.toString(options.height()));
    entries.put("camera.fps", Integer.toString(options.fps()));
    // The camera stops as soon as the last viewer leaves: each first-frame sample starts cold.
    entries.put("camera.stop-after-ms", "0");
    entries.put("server.max-connections", Integer.toString(options.maxConnections() + 4));
    // Every viewer is a thread of this JVM on 127.0.0.1: one address may hold every slot.
    entries.put(
        "server.max-connections-per-address", Integer.toString(options.maxConnections() + 4));
    return FirmwareConfig.defaults().with(entries, "in bench camera");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * A table row's coordinates: fast viewers, whether the slow one was there too, and whether they
   * read MJPEG over HTTP ({@code /camera.mjpg}) instead of the WebSocket.
   */
  record Cell(int viewers, boolean slowViewer, boolean http) {}

  /** What the whole run measured. */
  static final class Run {
    final CameraOptions options;
    final Map<Cell, CameraLoad.Result> cells = new LinkedHashMap<>();
    final List<String> leaks = new ArrayList<>();
    ProcMemory idle;
    ProcMemory loaded;
    FirstFrame.Result firstFrame;
    double idleCpuPercent = Double.NaN;

    Run(CameraOptions options) {
      this.options = options;
    }
  }
}
