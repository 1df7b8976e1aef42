package io.lightwire.bench.camera;

import io.lightwire.bench.common.Stats;
import io.lightwire.firmware.Firmware;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of {@code bench camera}: connects the viewers (and the slow one, if asked) to the booted
 * firmware's {@code /camera}, lets them run for the warm-up, then opens the measuring window: the
 * viewers count frames and latencies, and the firmware's threads are measured with {@code
 * ThreadMXBean} (CPU time and allocated bytes, by thread name) and its camera counters read from
 * {@code /status} around the window. The {@code /status} requests (each on a connection the server
 * closes at once) fall outside the allocation window, so they are not charged to the frames.
 */
final class CameraLoad {

  /** The firmware's service thread ({@code Server.start()}). */
  static final String SERVICE_THREAD = "lightwire-service";

  /** The firmware's capture thread ({@code CameraService}): ring read, comment, broadcast. */
  static final String CAPTURE_THREAD = "lightwire-camera";

  /** The emulated board's thread, where the emulated camera renders and JPEG-encodes each frame. */
  static final String ENCODER_THREAD = "lightwire-emulated-board";

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final long CONNECT_WAIT_MILLIS = 20_000;

  /** Pause between the first {@code /status} request and the window. */
  private static final long SETTLE_MILLIS = 200;

  /**
   * What one cell runs.
   *
   * @param viewers viewers that read as fast as they can
   * @param slowViewer whether one deliberately slow viewer is connected too
   * @param warmupMillis time between the last connection and the window
   * @param measureMillis the window
   * @param fps the camera's configured rate (sizes the sample arrays)
   * @param frameBytes largest frame ({@code camera.frame-bytes}): each viewer's buffer
   * @param http true: the viewers read {@code /camera.mjpg} ({@link HttpViewer}), else {@code
   *     /camera} ({@link Viewer})
   */
  record Plan(
      int viewers,
      boolean slowViewer,
      long warmupMillis,
      long measureMillis,
      int fps,
      int frameBytes,
      boolean http) {}

  /**
   * What one cell measured. Rates are per second of the window; latencies in microseconds.
   *
   * @param fpsMedian median over the fast viewers of each one's frames per second
   * @param fpsMin the slowest fast viewer's frames per second
   * @param p50Micros capture-to-receive latency, median over every fast viewer's frames
   * @param p99Micros the 99th percentile of the same
   * @param captureFps frames the camera captured per second ({@code /status}, around the window)
   * @param broadcastFps frames the capture thread handed to the server per second
   * @param encodeMillisPerFrame CPU time of the emulated camera's thread per captured frame
   * @param serverCpuMicrosPerFrame CPU time of the service and capture threads per frame delivered
   *     to a viewer (every viewer's frames counted)
   * @param processCpuPercent this whole process's CPU (firmware and viewers), percent of one core
   * @param serviceBytesPerFrame bytes the service thread allocated per broadcast frame
   * @param captureBytesPerFrame bytes the capture thread allocated per broadcast frame
   * @param broadcastsRefused frames skipped because every broadcast buffer was in flight
   * @param slowFps the slow viewer's whole frames per second, NaN without it
   * @param slowDropped frames the server dropped for the slow viewer since it connected, -1 without
   * @param fastDropped frames the server dropped for all the fast viewers together since they
   *     connected ({@code /status}), -1 when unknown
   * @param error why the cell failed, or null
   */
  record Result(
      double fpsMedian,
      double fpsMin,
      double p50Micros,
      double p99Micros,
      double captureFps,
      double broadcastFps,
      double encodeMillisPerFrame,
      double serverCpuMicrosPerFrame,
      double processCpuPercent,
      double serviceBytesPerFrame,
      double captureBytesPerFrame,
      long broadcastsRefused,
      double slowFps,
      long slowDropped,
      long fastDropped,
      String error) {

    static Result failed(String error) {
      return new Result(
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          -1,
          Double.NaN,
          -1,
          -1,
          error);
    }
  }

  private CameraLoad() {}

  /** Runs one cell against {@code firmware}; every viewer is closed before it returns. */
  static Result run(Firmware firmware, Plan plan) throws InterruptedException {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    THREADS.setThreadCpuTimeEnabled(true);
    Viewer.Window window = new Viewer.Window();
    int maxSamples = (int) ((plan.measureMillis() / 1000 + 2) * plan.fps() * 2);
    List<BenchViewer> fast = new ArrayList<>();
    BenchViewer slow = null;
    int port = firmware.port();
    try {
      for (int i = 0; i < plan.viewers(); i++) {
        fast.add(
            plan.http()
                ? HttpViewer.fast(port, window, plan.frameBytes(), maxSamples, i)
                : Viewer.fast(port, window, plan.frameBytes(), maxSamples, i));
      }
      if (plan.slowViewer()) {
        slow =
            plan.http()
                ? HttpViewer.slow(port, window, plan.frameBytes())
                : Viewer.slow(port, window, plan.frameBytes());
      }
      int expected = plan.viewers() + (plan.slowViewer() ? 1 : 0);
      if (!awaitViewers(firmware, expected)) {
        return Result.failed(
            "only " + firmware.cameraViewers() + " of " + expected + " viewers were seen");
      }
      Thread.sleep(plan.warmupMillis());

      long[] ids = {threadId(SERVICE_THREAD), threadId(CAPTURE_THREAD), threadId(ENCODER_THREAD)};
      // The counters are read somewhere inside each request: its middle is the best estimate.
      long statusStart = System.nanoTime();
      String before = status(firmware.port());
      statusStart += (System.nanoTime() - statusStart) / 2;
      // The selector forgets the closed /status connection at its next select (frames wake it
      // every period): let that happen before the window, or it is charged to the frames.
      Thread.sleep(SETTLE_MILLIS);
      long[] cpu0 = cpu(ids);
      long service0 = THREADS.getThreadAllocatedBytes(ids[0]);
      long capture0 = THREADS.getThreadAllocatedBytes(ids[1]);
      long process0 = OS.getProcessCpuTime();
      long broadcast0 = firmware.cameraFramesBroadcast();
      long start = System.nanoTime();
      window.open = true;
      Thread.sleep(plan.measureMillis());
      window.open = false;
      long end = System.nanoTime();
      long broadcast1 = firmware.cameraFramesBroadcast();
      long process1 = OS.getProcessCpuTime();
      long service1 = THREADS.getThreadAllocatedBytes(ids[0]);
      long capture1 = THREADS.getThreadAllocatedBytes(ids[1]);
      long[] cpu1 = cpu(ids);
      long statusEnd = System.nanoTime();
      String after = status(firmware.port());
      statusEnd += (System.nanoTime() - statusEnd) / 2;

      // Stop the readers first so their counts are final (join gives the happens-before).
      for (BenchViewer v : fast) {
        v.stop();
      }
      if (slow != null) {
        slow.stop();
      }
      for (BenchViewer v : fast) {
        if (v.error() != null) {
          return Result.failed("a viewer failed: " + v.error());
        }
        if (v.uncommented() > 0) {
          return Result.failed(v.uncommented() + " frames had no lightwire comment");
        }
      }

      double seconds = (end - start) / 1e9;
      double statusSeconds = (statusEnd - statusStart) / 1e9;
      double[] rates = new double[fast.size()];
      long delivered = 0;
      List<long[]> sampleSets = new ArrayList<>();
      for (int i = 0; i < fast.size(); i++) {
        BenchViewer v = fast.get(i);
        rates[i] = v.frames() / seconds;
        delivered += v.frames();
        sampleSets.add(v.latencies());
      }
      if (slow != null) {
        delivered += slow.frames();
      }
      long[] merged = merge(sampleSets);
      Arrays.sort(merged);
      // HTTP viewers: the parts published (one per frame for all of them), from /status around
      // the window and scaled to it; WebSocket viewers: the frames broadcast, at its edges.
      long broadcast =
          plan.http()
              ? Math.round(
                  (counter(after, "httpPartsPublished") - counter(before, "httpPartsPublished"))
                      * seconds
                      / statusSeconds)
              : broadcast1 - broadcast0;
      String refusedField = plan.http() ? "httpPartsRefused" : "broadcastsRefused";
      double captured = counter(after, "framesCaptured") - counter(before, "framesCaptured");
      double captureFps = captured / statusSeconds;
      double encodeCpuPerSecond = (cpu1[2] - cpu0[2]) / seconds;
      double serverCpu = (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1]);
      long slowDropped = -1;
      if (slow != null) {
        slowDropped = droppedFor(after, slow.localPort());
        if (slow.error() != null) {
          return Result.failed("the slow viewer failed: " + slow.error());
        }
      }
      return new Result(
          Stats.median(rates),
          Arrays.stream(rates).min().orElse(Double.NaN),
          Stats.percentile(merged, 0.50),
          Stats.percentile(merged, 0.99),
          captureFps,
          broadcast / seconds,
          captureFps > 0 ? encodeCpuPerSecond / captureFps / 1e6 : Double.NaN,
          delivered > 0 ? serverCpu / delivered / 1e3 : Double.NaN,
          (process1 - process0) / (double) (end - start) * 100,
          broadcast > 0 ? (service1 - service0) / (double) broadcast : Double.NaN,
          broadcast > 0 ? (capture1 - capture0) / (double) broadcast : Double.NaN,
          counter(after, refusedField) - counter(before, refusedField),
          slow == null ? Double.NaN : slow.frames() / seconds,
          slowDropped,
          droppedForAllBut(after, slow == null ? -1 : slow.localPort()),
          null);
    } catch (IOException e) {
      return Result.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      for (BenchViewer v : fast) {
        v.stop();
      }
      if (slow != null) {
        slow.stop();
      }
      awaitViewers(firmware, 0);
    }
  }

  private static boolean awaitViewers(Firmware firmware, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MILLIS);
    while (firmware.cameraViewers() != count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return firmware.cameraViewers() == count;
  }

  private static long[] cpu(long[] ids) {
    long[] times = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      times[i] = THREADS.getThreadCpuTime(ids[i]);
    }
    return times;
  }

  private static long[] merge(List<long[]> sets) {
    int total = 0;
    for (long[] s : sets) {
      total += s.length;
    }
    long[] merged = new long[total];
    int at = 0;
    for (long[] s : sets) {
      System.arraycopy(s, 0, merged, at, s.length);
      at += s.length;
    }
    return merged;
  }

  /** The id of the live thread named {@code name}. */
  static long threadId(String name) throws IOException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.threadId();
      }
    }
    throw new IOException("no thread named " + name + " (is the camera running?)");
  }

  /**
   * {@code GET /status} on a connection of its own with {@code Connection: close}, read to the end:
   * the server has closed it before this returns, so no idle HTTP connection is left to be timed
   * out (and charged) on the service thread inside the window, as a client's keep-alive pool would.
   */
  static String status(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!response.startsWith("HTTP/1.1 200")) {
        int line = response.indexOf('\r');
        throw new IOException(
            "GET /status answered " + (line < 0 ? response : response.substring(0, line)));
      }
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  /** A whole-number field of the {@code camera} object of {@code /status}. */
  static long counter(String status, String field) throws IOException {
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(status);
    if (!m.find()) {
      throw new IOException("/status has no " + field + ": " + status);
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * The sum of {@code framesDropped} over the viewers in {@code /status} but the one whose remote
   * port is {@code port}.
   */
  private static long droppedForAllBut(String status, int port) {
    Matcher m =
        Pattern.compile("\"remote\":\"[^\"]*:(\\d+)\"[^}]*?\"framesDropped\":(\\d+)")
            .matcher(status);
    long sum = 0;
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) != port) {
        sum += Long.parseLong(m.group(2));
      }
    }
    return sum;
  }

  /** {@code framesDropped} of the viewer whose remote port is {@code port} in {@code /status}. */
  private static long droppedFor(String status, int port) {
    Matcher m =
        Pattern.compile("\"remote\":\"[^\"]*:" + port + "\"[^}]*?\"framesDropped\":(\\d+)")
            .matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
