package io.lightwire.firmware.mqtt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto (Debian's {@code mosquitto}) started by a test: its own process on 127.0.0.1
 * with a generated config on ephemeral ports (never 1883, never a system service), persistence in
 * the test's folder (so a restart keeps sessions and retained messages), and killed at the end.
 * Without the binary the test is skipped with the reason, unless {@code
 * LIGHTWIRE_REQUIRE_MOSQUITTO=1} (CI) makes that a failure.
 */
final class MosquittoBroker implements AutoCloseable {

  /** How long the broker may take to accept connections, in ms. */
  private static final long START_MILLIS = 10_000;

  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

  /** What to start: the plain port, and optionally a TLS port and a password file. */
  static final class Options {
    Path certificate;
    Path key;
    Path passwords;

    Options tls(Path certificatePem, Path keyPem) {
      this.certificate = certificatePem;
      this.key = keyPem;
      return this;
    }

    Options passwords(Path file) {
      this.passwords = file;
      return this;
    }
  }

  private final Path binary;
  private final Path dir;
  private final Path config;
  private final Path log;
  private final int port;
  private final int tlsPort;
  private Process process;

  private MosquittoBroker(Path binary, Path dir, Options options) throws IOException {
    this.binary = binary;
    this.dir = dir;
    this.port = freePort();
    this.tlsPort = options.certificate == null ? -1 : freePort();
    this.config = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    List<String> lines = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      lines.add("user root"); // else it drops to the mosquitto user, who cannot read this folder
    }
    lines.add("per_listener_settings false");
    lines.add("persistence true");
    lines.add("persistence_location " + dir + "/");
    lines.add("autosave_interval 1");
    lines.add("log_dest stderr");
    lines.add("log_type all");
    if (options.passwords != null) {
      lines.add("allow_anonymous false");
      lines.add("password_file " + options.passwords);
    } else {
      lines.add("allow_anonymous true");
    }
    lines.add("listener " + port + " 127.0.0.1");
    if (options.certificate != null) {
      lines.add("listener " + tlsPort + " 127.0.0.1");
      lines.add("certfile " + options.certificate);
      lines.add("keyfile " + options.key);
    }
    Files.write(config, lines, StandardCharsets.UTF_8);
  }

  /** The broker's binary, or a skip (a failure under LIGHTWIRE_REQUIRE_MOSQUITTO=1). */
  static Path requireBinary() {
    // -Dlightwire.test.mosquitto=PATH: use that binary only (also to check the skip: a missing one)
    String chosen = System.getProperty("lightwire.test.mosquitto");
    for (Path p : chosen == null ? CANDIDATES : List.of(Path.of(chosen))) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String reason =
        "mosquitto is not installed (apt-get install mosquitto): the MQTT bridge tests need a real"
            + " broker";
    if ("1".equals(System.getenv("LIGHTWIRE_REQUIRE_MOSQUITTO"))) {
      fail(reason + " and LIGHTWIRE_REQUIRE_MOSQUITTO=1 is set");
    }
    Assumptions.abort(reason);
    return null;
  }

  /** Starts a broker with {@code options} in {@code dir}; returns once it accepts connections. */
  static MosquittoBroker start(Path dir, Options options) throws Exception {
    MosquittoBroker broker = new MosquittoBroker(requireBinary(), dir, options);
    broker.startProcess();
    return broker;
  }

  /** Writes a Mosquitto password file for one user with {@code mosquitto_passwd}. */
  static Path passwordFile(Path dir, String user, String password) throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "");
    Process p =
        new ProcessBuilder(passwdTool().toString(), "-b", file.toString(), user, password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("mosquitto_passwd failed: " + out);
    }
    return file;
  }

  private static Path passwdTool() {
    for (Path p :
        List.of(Path.of("/usr/bin/mosquitto_passwd"), Path.of("/usr/sbin/mosquitto_passwd"))) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return Path.of("mosquitto_passwd");
  }

  private void startProcess() throws Exception {
    process =
        new ProcessBuilder(binary.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_MILLIS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("mosquitto exited (" + process.exitValue() + "):\n" + log());
      }
      if (accepts(port) && (tlsPort < 0 || accepts(tlsPort))) {
        return;
      }
      Thread.sleep(20);
    }
    stop();
    throw new IOException("mosquitto did not listen within " + START_MILLIS + " ms:\n" + log());
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The plain listener's URL. */
  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The TLS listener's URL. */
  String tlsUrl() {
    return "ssl://127.0.0.1:" + tlsPort;
  }

  /** Stops the broker (SIGTERM: it saves its persistence file), waiting for it to exit. */
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Starts the broker again on the same ports with the same persistence. */
  void restart() throws Exception {
    stop();
    startProcess();
  }

  /** What the broker logged so far (for failure messages). */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
