package io.lightwire.bench.camera;

import io.lightwire.bench.common.ProcMemory;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The Markdown report of a {@code bench camera} run: one row per cell, then the slow viewer's
 * effect, memory and pools.
 */
final class CameraReport {

  private final CameraBench.Run run;

  CameraReport(CameraBench.Run run) {
    this.run = run;
  }

  String markdown() {
    CameraOptions o = run.options;
    StringBuilder md = new StringBuilder();
    md.append("# Camera benchmark\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "The firmware in the benchmark's JVM on the emulated board, camera %dx%d at %d fps"
                + " (synthetic scene, JPEG quality 75), default memory plan; loopback; %d cores;"
                + " Java %s. Viewers are Lightwire's blocking WebSocket client, one platform thread"
                + " each, in the same JVM. Per cell: %d ms warm-up, then a %d ms window. JVM"
                + " options: `%s`.\n\n",
            o.width(),
            o.height(),
            o.fps(),
            Runtime.getRuntime().availableProcessors(),
            Runtime.version(),
            o.warmupMillis(),
            o.measureMillis(),
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
    md.append(
        "- **fps/viewer**: whole frames each fast viewer received per second (median and slowest)."
            + "\n- **latency**: capture time (the frame's COM `t=`, stamped before the JPEG is"
            + " encoded) to the frame's last byte received, over every fast viewer's frames.\n"
            + "- **capture fps**: frames the emulated camera produced per second; **encode ms**:"
            + " CPU time of its thread per frame (render and JPEG encode); **sent fps**: frames"
            + " the capture thread handed to the server per second (it takes the newest frame"
            + " of the ring, so a late look skips one).\n"
            + "- **server CPU µs/frame**: CPU time of the service and capture threads divided by"
            + " the frames delivered to all viewers; **process CPU %**: the whole JVM (firmware"
            + " and viewers), percent of one core.\n"
            + "- **B/frame**: bytes allocated per broadcast frame by the service thread"
            + " (`lightwire-service`) and the capture thread (`lightwire-camera`), ThreadMXBean"
            + " (target 0).\n"
            + "- **slow viewer**: one more viewer that reads 4 KiB every 100 ms through a 4 KiB"
            + " socket buffer; its whole frames per second and the frames the server dropped for"
            + " it (its queue keeps the newest).\n"
            + "- **HTTP** rows: the same cells with MJPEG-over-HTTP viewers (`GET /camera.mjpg`,"
            + " a plain socket each, parsing every part's headers); **sent fps** and **B/frame**"
            + " count the parts published (one per frame for all HTTP viewers).\n\n");
    md.append(
        "| viewers | slow viewer | fps/viewer median | fps/viewer min | latency p50 ms |"
            + " latency p99 ms | capture fps | encode ms | sent fps | server CPU µs/frame |"
            + " process CPU % |"
            + " service B/frame | capture B/frame | slow viewer fps, dropped |\n");
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (var e : run.cells.entrySet()) {
      CameraBench.Cell cell = e.getKey();
      CameraLoad.Result r = e.getValue();
      md.append("| ").append(viewersLabel(cell)).append(" | ");
      md.append(cell.slowViewer() ? "yes" : "no").append(" | ");
      if (r.error() != null) {
        md.append("failed: ").append(r.error().replace('|', '/'));
        md.append(" | | | | | | | | | | | |\n");
        continue;
      }
      md.append(f("%.1f", r.fpsMedian())).append(" | ");
      md.append(f("%.1f", r.fpsMin())).append(" | ");
      md.append(f("%.1f", r.p50Micros() / 1000)).append(" | ");
      md.append(f("%.1f", r.p99Micros() / 1000)).append(" | ");
      md.append(f("%.1f", r.captureFps())).append(" | ");
      md.append(f("%.1f", r.encodeMillisPerFrame())).append(" | ");
      md.append(f("%.1f", r.broadcastFps())).append(" | ");
      md.append(f("%.0f", r.serverCpuMicrosPerFrame())).append(" | ");
      md.append(f("%.0f", r.processCpuPercent())).append(" | ");
      md.append(f("%.2f", r.serviceBytesPerFrame())).append(" | ");
      md.append(f("%.2f", r.captureBytesPerFrame())).append(" | ");
      md.append(cell.slowViewer() ? f("%.2f", r.slowFps()) + ", " + r.slowDropped() : "")
          .append(" |\n");
    }
    if (run.options.slowViewer()) {
      md.append("\n## Effect of the slow viewer on the others\n\n");
      md.append(
          "The fast viewers' figures without the slow viewer → with it (target: no change)."
              + " \"sent fps\" is what the capture thread handed to the server in each cell: a"
              + " fast viewer that gets all of it lost nothing to the slow one. The drops are"
              + " the server's count (`/status`) over all the fast viewers, since they connected"
              + " (warm-up included): frames a viewer's queue let go because it was behind.\n\n");
      md.append(
          "| viewers | sent fps | fps/viewer median | fps/viewer min | latency p50 ms |"
              + " latency p99 ms | dropped for the fast viewers |\n");
      md.append("|---:|---|---|---|---|---|---|\n");
      for (var cell : run.cells.keySet()) {
        if (cell.slowViewer()) {
          continue;
        }
        String viewers = viewersLabel(cell);
        CameraLoad.Result without = run.cells.get(cell);
        CameraLoad.Result with =
            run.cells.get(new CameraBench.Cell(cell.viewers(), true, cell.http()));
        if (without == null || with == null || without.error() != null || with.error() != null) {
          md.append("| ").append(viewers).append(" | n/a | n/a | n/a | n/a | n/a | n/a |\n");
          continue;
        }
        md.append("| ").append(viewers).append(" | ");
        md.append(pair("%.1f", without.broadcastFps(), with.broadcastFps())).append(" | ");
        md.append(pair("%.1f", without.fpsMedian(), with.fpsMedian())).append(" | ");
        md.append(pair("%.1f", without.fpsMin(), with.fpsMin())).append(" | ");
        md.append(pair("%.1f", without.p50Micros() / 1000, with.p50Micros() / 1000)).append(" | ");
        md.append(pair("%.1f", without.p99Micros() / 1000, with.p99Micros() / 1000)).append(" | ");
        md.append(without.fastDropped()).append(" → ").append(with.fastDropped()).append(" |\n");
      }
    }
    long refused = 0;
    for (CameraLoad.Result r : run.cells.values()) {
      refused += Math.max(0, r.broadcastsRefused());
    }
    md.append("\n## Memory and pools\n\n");
    md.append("Frames skipped because every broadcast buffer was in flight, all windows: ");
    md.append(refused).append(". ");
    md.append("Resident memory of the whole JVM (firmware and viewers), /proc/self/status: ");
    md.append("after boot ").append(mib(run.idle)).append(" MiB, after the last cell ");
    md.append(mib(run.loaded)).append(" MiB, peak ");
    md.append(
        run.loaded == null || run.loaded.peakKib() < 0
            ? "n/a"
            : f("%.1f", run.loaded.peakKib() / 1024.0));
    md.append(" MiB. Pools in use after the firmware stopped: ");
    String leaks = run.leaks.isEmpty() ? "none" : String.join(", ", run.leaks);
    md.append(leaks).append(".\n");
    if (run.firstFrame != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "\nTime to first frame (capture on demand: a new viewer of a stopped camera, connect"
                  + " to the frame's last byte): median %.1f ms, max %.1f ms over %d cold starts."
                  + "\n",
              run.firstFrame.medianMillis(),
              run.firstFrame.maxMillis(),
              run.firstFrame.samples()));
    }
    if (!Double.isNaN(run.idleCpuPercent)) {
      md.append(
          String.format(
              Locale.ROOT,
              "\nIdle CPU (capture on demand: no viewer, the camera stopped; the whole JVM): %.2f%%"
                  + " of one core over %d s.\n",
              run.idleCpuPercent,
              CameraBench.IDLE_CPU_MILLIS / 1000));
    }
    if (!autoBoxCacheRaised()) {
      md.append(
          "\nThis JVM ran without `-XX:AutoBoxCacheMax`: once its file descriptors pass 127"
              + " (a few tens of viewers here: each has a client and a server socket in this JVM)"
              + " the"
              + " JDK's epoll selector boxes every ready descriptor on the service thread, 16 bytes"
              + " an event, which the service B/frame column then shows (docs/decisions.md). Run"
              + " with `JAVA_OPTS=-XX:AutoBoxCacheMax=65536` to take it out.\n");
    }
    return md.toString();
  }

  private static boolean autoBoxCacheRaised() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:AutoBoxCacheMax=")) {
        return true;
      }
    }
    return false;
  }

  /** A cell as progress lines and the chart name it. */
  static String label(CameraBench.Cell cell) {
    return viewersLabel(cell) + (cell.slowViewer() ? " + slow" : "");
  }

  /** The viewer count, marked {@code HTTP} for MJPEG-over-HTTP viewers. */
  static String viewersLabel(CameraBench.Cell cell) {
    return cell.viewers() + (cell.http() ? " HTTP" : "");
  }

  /** One progress line for a cell. */
  static String oneLine(CameraLoad.Result r) {
    if (r.error() != null) {
      return "failed: " + r.error();
    }
    return String.format(
        Locale.ROOT,
        "fps/viewer %.1f (min %.1f)  latency p50 %.1f ms p99 %.1f ms  capture %.1f fps"
            + " (encode %.1f ms) sent %.1f fps (%d refused)  server %.0f µs/frame"
            + "  B/frame service %.2f capture %.2f%s",
        r.fpsMedian(),
        r.fpsMin(),
        r.p50Micros() / 1000,
        r.p99Micros() / 1000,
        r.captureFps(),
        r.encodeMillisPerFrame(),
        r.broadcastFps(),
        r.broadcastsRefused(),
        r.serverCpuMicrosPerFrame(),
        r.serviceBytesPerFrame(),
        r.captureBytesPerFrame(),
        Double.isNaN(r.slowFps())
            ? ""
            : String.format(
                Locale.ROOT, "  slow viewer %.2f fps, %d dropped", r.slowFps(), r.slowDropped()));
  }

  private static String pair(String format, double without, double with) {
    return f(format, without) + " → " + f(format, with);
  }

  private static String f(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }

  private static String mib(ProcMemory memory) {
    return memory == null || memory.rssKib() < 0 ? "n/a" : f("%.1f", memory.rssKib() / 1024.0);
  }
}
