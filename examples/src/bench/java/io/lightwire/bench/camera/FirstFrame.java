package io.lightwire.bench.camera;

import io.lightwire.firmware.Firmware;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Time to first frame with capture on demand: from a new viewer's connect to the last byte of its
 * first whole frame, each sample starting from a stopped camera (the firmware runs with {@code
 * camera.stop-after-ms=0}, so the last viewer leaving stops it). Includes the TCP connect, the
 * WebSocket handshake, starting the camera and its first frame period.
 */
final class FirstFrame {

  /** The longest wait for the camera to go idle or for a frame, in ms. */
  private static final long WAIT_MILLIS = 10_000;

  /**
   * @param samples how many cold starts were timed
   * @param medianMillis their median, ms
   * @param maxMillis the slowest, ms
   */
  record Result(int samples, double medianMillis, double maxMillis) {}

  private FirstFrame() {}

  /** Times {@code samples} cold starts of {@code firmware}'s camera for a new viewer. */
  static Result measure(Firmware firmware, int samples, int frameBytes)
      throws IOException, InterruptedException {
    ClientConfig config =
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + firmware.port() + "/camera")
            .connectTimeoutMillis(5_000)
            .handshakeTimeoutMillis(5_000)
            .bufferBytes(1 << 16, 1 << 12)
            .build();
    byte[] buffer = new byte[frameBytes];
    MessageHeader header = new MessageHeader();
    double[] millis = new double[samples];
    for (int i = 0; i < samples; i++) {
      awaitIdle(firmware);
      long start = System.nanoTime();
      try (WebSocketClient viewer = WebSocketClient.open(config)) {
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        int length = 0;
        while (true) {
          int n = viewer.recv(header, buffer, length, buffer.length - length, 1_000);
          if (n > 0) {
            length += n;
          }
          if (n >= 0 && header.endOfMessage()) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IOException("no frame within " + WAIT_MILLIS + " ms of connecting");
          }
        }
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    awaitIdle(firmware);
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Result(samples, sorted[samples / 2], sorted[samples - 1]);
  }

  /**
   * The CPU this whole JVM (the firmware, and the bench's idle threads) uses while nobody watches
   * and the camera is stopped, over {@code millis} ms, as a percentage of one core.
   */
  static double idleCpuPercent(Firmware firmware, long millis)
      throws IOException, InterruptedException {
    awaitIdle(firmware);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(millis);
    return 100.0 * (os.getProcessCpuTime() - cpu) / (System.nanoTime() - start);
  }

  private static void awaitIdle(Firmware firmware) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (!firmware.cameraState().equals("idle")) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the camera did not stop: " + firmware.cameraState());
      }
      Thread.sleep(5);
    }
  }
}
