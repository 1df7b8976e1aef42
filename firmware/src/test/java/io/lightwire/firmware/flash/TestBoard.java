package io.lightwire.firmware.flash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A board for flash tests: a real SSH server (Apache MINA SSHD) on 127.0.0.1 with a board file
 * system in a temporary folder. Exec requests run through {@code /bin/sh -c}, as OpenSSH does; SFTP
 * writes real files. The service manager is a small script standing in for {@code sudo -n
 * systemctl}: it records each call and, on restart, really stops the running firmware and starts
 * the installed one through the bundle's own launcher ({@code current/bin/lightwire run}), so a
 * healthy {@code /status} comes from the flashed firmware itself.
 */
final class TestBoard implements AutoCloseable {

  final Path home;
  final Path clientKey;
  final KeyPair hostKey;
  final SshServer server;
  final String address;

  TestBoard(Path dir) throws Exception {
    this(dir, "127.0.0.1", ecKey());
  }

  /**
   * A board whose SSH server and firmware listen on {@code address} (any 127.0.0.0/8 address, so
   * several boards run the same bundle, on the same port, side by side), accepting {@code client}.
   */
  TestBoard(Path dir, String address, KeyPair client) throws Exception {
    this.address = address;
    home = Files.createDirectories(dir.resolve("opt/lightwire"));
    Path systemctl = dir.resolve("systemctl");
    Files.writeString(systemctl, systemctl(home, address));
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    // On the PATH under a name of its own: board.sh treats a plain `systemctl` as the real one.
    Files.createSymbolicLink(dir.resolve("test-systemctl"), systemctl);
    hostKey = ecKey();
    clientKey = dir.resolve("id_ecdsa");
    try (OutputStream out = Files.newOutputStream(clientKey)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(
          client,
          "flash-test",
          (org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext) null,
          out);
    }
    Files.setPosixFilePermissions(clientKey, PosixFilePermissions.fromString("rw-------"));
    server = SshServer.setUpDefaultServer();
    server.setHost(address);
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) -> user.equals("pi") && KeyUtils.compareKeys(key, client.getPublic()));
    Path root = dir;
    server.setCommandFactory((channel, command) -> new ShellCommand(command, root));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    server.start();
  }

  Path systemctl() {
    return home.getParent().getParent().resolve("systemctl");
  }

  int port() {
    return server.getPort();
  }

  /**
   * The {@code lightwire flash} arguments that put {@code bundle} on this board, trusting it
   * through {@code knownHosts}.
   */
  java.util.List<String> flashArgs(Path knownHosts, Path bundle, int healthSeconds) {
    return java.util.List.of(
        "flash",
        "--board",
        "emulated",
        "--host",
        "pi@" + address,
        "--port",
        Integer.toString(port()),
        "--identity",
        clientKey.toString(),
        "--known-hosts",
        knownHosts.toString(),
        "--home",
        home.toString(),
        "--service-command",
        systemctl().toString(),
        "--health-timeout",
        Integer.toString(healthSeconds),
        "--bundle",
        bundle.toString());
  }

  /**
   * Runs {@code lightwire flash} with {@link #flashArgs} and {@code extra}, writing to {@code out}
   * and {@code err} (and echoing both for the test log).
   *
   * @return its exit status
   */
  int flash(
      Path knownHosts,
      Path bundle,
      int healthSeconds,
      java.io.StringWriter out,
      java.io.StringWriter err,
      String... extra) {
    java.util.List<String> args =
        new java.util.ArrayList<>(flashArgs(knownHosts, bundle, healthSeconds));
    args.addAll(java.util.List.of(extra));
    int status =
        io.lightwire.firmware.cli.LightwireCli.execute(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            args.toArray(String[]::new));
    System.out.println(out);
    System.out.println(err);
    return status;
  }

  /**
   * An SSH connection to this board as {@code pi} with the client key, checked against {@code
   * knownHosts}.
   */
  SshBoard connect(Path knownHosts) throws FlashException {
    return SshBoard.connect(
        new SshBoard.Target(
            "pi",
            "127.0.0.1",
            port(),
            List.of(clientKey),
            knownHosts,
            false,
            Duration.ofSeconds(10)));
  }

  /** Writes {@code dir/known_hosts} trusting this board's host key; returns its path. */
  Path trustedKnownHosts(Path dir) throws IOException {
    return Files.writeString(dir.resolve("known_hosts"), knownHostsLine(hostKey));
  }

  /** A known_hosts line for this server with {@code key}. */
  String knownHostsLine(KeyPair key) {
    return "[" + address + "]:" + port() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n";
  }

  static KeyPair ecKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** Where `current` points, relative to home, or "" without a link. */
  String current() throws IOException {
    Path link = home.resolve("current");
    return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).toString() : "";
  }

  /** The service manager's calls, in order. */
  List<String> serviceCalls() throws IOException {
    Path log = home.resolve("systemctl.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Stops the firmware the service script started, then the SSH server. */
  @Override
  public void close() throws IOException {
    // An on-board rollback watchdog still waiting would restart a firmware after the test.
    Path watchdog = home.resolve("rollback.pid");
    if (Files.exists(watchdog)) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readString(watchdog).strip()))
            .ifPresent(ProcessHandle::destroyForcibly);
      } catch (NumberFormatException e) {
        // written half: the watchdog is just starting and exits when its `pending` goes
      }
    }
    Process stop = new ProcessBuilder(systemctl().toString(), "stop", "lightwire.service").start();
    try {
      stop.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(true);
  }

  private static String systemctl(Path home, String address) {
    return """
        #!/bin/sh
        # Stands in for `sudo -n systemctl` on the test board (see TestBoard).
        home='%s'
        bind='%s'
        echo "$*" >>"$home/systemctl.log"
        stop() {
          if [ -f "$home/run.pid" ]; then
            pid=$(cat "$home/run.pid")
            kill -TERM "$pid" 2>/dev/null || true
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
            kill -KILL "$pid" 2>/dev/null || true
            rm -f "$home/run.pid"
          fi
        }
        case "$1" in
          stop) stop ;;
          restart)
            stop
            cd "$home"
            nohup "$home/current/bin/lightwire" run \\
              --config "$home/current/config/lightwire.properties" --bind "$bind" \\
              </dev/null >>"$home/firmware.log" 2>&1 &
            echo $! >"$home/run.pid"
            ;;
          cat) [ -f "$home/unit-linked" ] ;;
          link) cp "$2" "$home/unit-linked" ;;
          enable | daemon-reload) ;;
          *) echo "systemctl stand-in: unsupported: $*" >&2; exit 1 ;;
        esac
        """
        .formatted(home, address);
  }

  /** An exec request: {@code /bin/sh -c COMMAND} with the streams piped to the channel. */
  private static final class ShellCommand implements Command {
    private final String command;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private final Path root;
    private Process process;

    /** Runs in {@code root} (the SSH user's home) with the service stand-in on the PATH. */
    ShellCommand(String command, Path root) {
      this.command = command;
      this.root = root;
    }

    @Override
    public void setInputStream(InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
      // The board's Java: the launcher finds it through JAVA_HOME, like a Pi with openjdk-25.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      // A small board's flags (the launcher passes JAVA_OPTS on): light on a shared test machine.
      builder.environment().put("JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
      builder.directory(root.toFile());
      builder.environment().put("PATH", root + java.io.File.pathSeparator + System.getenv("PATH"));
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      process = builder.start();
      Thread pumpErr =
          Thread.ofPlatform().daemon().start(() -> pump(process.getErrorStream(), err));
      Thread.ofPlatform()
          .daemon()
          .name("ssh-exec")
          .start(
              () -> {
                pump(process.getInputStream(), out);
                int status;
                try {
                  status = process.waitFor();
                  pumpErr.join();
                } catch (InterruptedException e) {
                  status = 130;
                }
                exit.onExit(status);
              });
    }

    private static void pump(InputStream from, OutputStream to) {
      try (from) {
        from.transferTo(to);
        to.flush();
      } catch (IOException e) {
        // the channel went away; the exit status still goes out (or the session is gone)
      }
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
