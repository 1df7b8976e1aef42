package io.lightwire.bench.boot;

import io.lightwire.bench.common.ProcMemory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One start of the firmware as a user starts it: {@code LAUNCHER run --board emulated --port P}
 * exec'd with a fresh state folder, timed from just before the exec until {@code GET /status} first
 * answers 200 over loopback (polled every {@link #POLL_MS} ms). Stopped with SIGTERM.
 */
final class FirmwareLaunch implements AutoCloseable {

  /** Pause between two {@code /status} polls, milliseconds. */
  static final int POLL_MS = 2;

  /** A start that serves later than this failed, seconds. */
  static final long BOOT_TIMEOUT_SECONDS = 120;

  private final Process process;
  private final Path state;
  private final Path log;
  private final int port;
  private final long bootNanos;

  private FirmwareLaunch(Process process, Path state, Path log, int port, long bootNanos) {
    this.process = process;
    this.state = state;
    this.log = log;
    this.port = port;
    this.bootNanos = bootNanos;
  }

  /**
   * Starts the firmware and waits until it serves {@code /status}.
   *
   * @param aot whether the launcher may use its AOT cache ({@code LIGHTWIRE_AOT=off} when not)
   * @throws IOException when it does not serve within {@link #BOOT_TIMEOUT_SECONDS} (its output is
   *     quoted)
   */
  static FirmwareLaunch start(Path launcher, boolean aot, String javaOpts)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(launcher, aot, javaOpts);
      } catch (PortTaken e) {
        // another process took the free port between our check and the firmware's bind
        if (attempt == PORT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Starts tried when the port found free is taken before the firmware binds it. */
  static final int PORT_ATTEMPTS = 3;

  /** The firmware could not bind the port it was given. */
  private static final class PortTaken extends IOException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }

  private static FirmwareLaunch startOnce(Path launcher, boolean aot, String javaOpts)
      throws IOException, InterruptedException {
    int port = freePort();
    Path state = Files.createTempDirectory("lightwire-bench-boot");
    Path log = state.resolve("firmware.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                launcher.toString(), "run", "--board", "emulated", "--port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("LIGHTWIRE_"));
    env.put("LIGHTWIRE_STATE_DIR", state.toString());
    env.put("LIGHTWIRE_AOT", aot ? "on" : "off");
    env.put("JAVA_OPTS", javaOpts);
    long started = System.nanoTime();
    Process process = builder.start();
    long deadline = started + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
    while (!answers(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        String output = Files.readString(log);
        deleteTree(state);
        String message = "the firmware did not serve /status on port " + port + ":\n" + output;
        throw output.contains("it is in use") ? new PortTaken(message) : new IOException(message);
      }
      Thread.sleep(POLL_MS);
    }
    return new FirmwareLaunch(process, state, log, port, System.nanoTime() - started);
  }

  /** Exec to the first 200 answer of {@code /status}, nanoseconds. */
  long bootNanos() {
    return bootNanos;
  }

  /** The port the firmware serves. */
  int port() {
    return port;
  }

  /** Process id of the JVM (the launcher execs it, so it is the launched process). */
  long pid() {
    return process.pid();
  }

  /** The JVM's resident memory now. */
  ProcMemory memory() {
    return ProcMemory.of(process.pid());
  }

  /** Stops the firmware with SIGTERM and waits for it, then deletes its state folder. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(state);
  }

  /** The firmware's output so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(paths::add);
    }
    paths.sort(Comparator.reverseOrder());
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
