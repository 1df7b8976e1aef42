package io.lightwire.firmware.cli;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.firmware.flash.FlashException;
import io.lightwire.firmware.flash.Flasher;
import io.lightwire.firmware.flash.HealthProbe;
import io.lightwire.firmware.internal.LogSetup;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightwire flash}: puts a bundle on a board over SSH (upload with progress, checksums
 * verified on the board, versioned install, atomic switch, service restart) and rolls back by
 * itself when the new firmware's {@code /status} does not answer in time. Exits 0 when the new
 * release runs, 1 when it did not (rolled back, or stopped when there was nothing to roll back to)
 * or a step failed, 2 on bad options.
 *
 * <p>SSH comes from Apache MINA SSHD, which this class touches only through {@code
 * io.lightwire.firmware.flash}, so a board's CLI (without SSH modules) still loads.
 */
@Command(
    name = "flash",
    mixinStandardHelpOptions = true,
    description = "Install a bundle on a board over SSH; roll back when it does not come up.")
final class FlashCommand implements Callable<Integer> {

  private static final String SSH_MODULE = "org.apache.sshd.osgi";
  private static final String SSH_LOGGER = "org.apache.sshd";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration HEALTH_INTERVAL = Duration.ofMillis(500);
  private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  @Spec CommandSpec spec;

  @Option(
      names = "--board",
      required = true,
      paramLabel = "ID",
      description = "The board id the bundle was made for, e.g. pi5.")
  String board;

  @Option(
      names = "--host",
      paramLabel = "USER@ADDRESS[:PORT]",
      description = "A board's SSH login; repeat it for several boards.")
  List<String> hostValues;

  @Option(
      names = "--hosts",
      paramLabel = "FILE",
      description = "A file of board logins, one USER@ADDRESS[:PORT] a line (# comments).")
  Path hostsFile;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "How many boards to flash at a time (1).")
  int parallel = 1;

  @Option(
      names = "--canary",
      paramLabel = "N",
      description = "Flash the first N boards first; stop when one of them fails (0: none).")
  int canary;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "SSH port when a login names none (22).")
  int port = 22;

  @Option(
      names = "--identity",
      paramLabel = "KEY",
      description =
          "Private key file (OpenSSH format); default ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
  List<Path> identities;

  @Option(
      names = "--bundle",
      paramLabel = "FILE",
      description = "The bundle (default lightwire-BOARD.tar.gz).")
  Path bundle;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "Host keys to check against (default ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--trust-new-host",
      description = "Accept and record the host key of a board known_hosts does not list yet.")
  boolean trustNewHost;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Install folder on the board (/opt/lightwire), owned by the SSH user.")
  String home = "/opt/lightwire";

  @Option(
      names = "--health-timeout",
      paramLabel = "SECONDS",
      description = "How long the new firmware has to answer /status (60).")
  int healthTimeoutSeconds = 60;

  @Option(
      names = "--health-url",
      paramLabel = "URL",
      description =
          "Status URL (default http://ADDRESS:PORT/status, PORT from the bundle's config).")
  URI healthUrl;

  @Option(
      names = "--service-command",
      paramLabel = "CMD",
      description = "How the board controls the service (default: sudo -n systemctl).")
  String serviceCommand = "sudo -n systemctl";

  @Option(
      names = "--board-rollback",
      paramLabel = "SECONDS",
      description =
          "The board itself reverts a release that does not answer (or is not confirmed) within"
              + " this time after its restart, even when flash is cut off; 0: off"
              + " (default: --health-timeout + 60).")
  Integer boardRollbackSeconds;

  @Option(
      names = "--trust-key",
      paramLabel = "PUBLIC_KEY",
      description =
          "Ed25519 public key (from `lightwire keys new`) a board that trusts none yet is to"
              + " trust; it then takes only bundles signed with it. Without it a board trusts the"
              + " key of the first signed bundle it gets.")
  Path trustKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (boardRollbackSeconds != null
        && boardRollbackSeconds != 0
        && boardRollbackSeconds <= healthTimeoutSeconds) {
      err.println(
          "lightwire: --board-rollback "
              + boardRollbackSeconds
              + " must be 0 (off) or longer than --health-timeout "
              + healthTimeoutSeconds
              + ", or the board would revert a release flash still waits for");
      return 2;
    }
    if (port < 1 || port > 65535 || healthTimeoutSeconds < 1 || parallel < 1 || canary < 0) {
      err.println(
          "lightwire: --port must be 1..65535, --health-timeout and --parallel at least 1,"
              + " --canary at least 0");
      return 2;
    }
    List<FleetHosts.Host> hosts;
    try {
      hosts = FleetHosts.read(hostValues, hostsFile, port);
    } catch (IllegalArgumentException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      err.println("lightwire: cannot read --hosts " + hostsFile + ": " + e.getMessage());
      return 2;
    }
    if (hosts.isEmpty()) {
      err.println("lightwire: name the board: --host USER@ADDRESS (repeatable) or --hosts FILE");
      return 2;
    }
    if (healthUrl != null && hosts.size() > 1) {
      err.println("lightwire: --health-url names one board; it cannot be used with several hosts");
      return 2;
    }
    if (!sshAvailable()) {
      err.println(
          "lightwire: flash needs the SSH modules ("
              + SSH_MODULE
              + "); run it from the project's ./lightwire, not from a board bundle");
      return 1;
    }
    // MINA logs its set-up at INFO (SLF4J, into the one log pipeline); a user wants flash's own
    // lines.
    LogSetup.apply(
        Level.INFO, Map.of(SSH_LOGGER, Level.WARNING, "com.pi4j", Level.WARNING), System.getenv());
    String trustedKeyPem = "";
    if (trustKey != null) {
      try {
        trustedKeyPem =
            io.lightwire.firmware.bundle.SigningKeys.publicPem(
                io.lightwire.firmware.bundle.SigningKeys.readPublic(trustKey));
      } catch (io.lightwire.firmware.bundle.BundleException e) {
        err.println("lightwire: --trust-key: " + e.getMessage());
        return 2;
      }
    }
    String trusted = trustedKeyPem.strip();
    Path userHome = Path.of(System.getProperty("user.home"));
    Optional<BoardDescriptor> descriptor = BoardChoice.resolve(board, err);
    if (descriptor.isEmpty()) {
      return BoardChoice.EXIT;
    }
    String boardId = descriptor.get().id();
    Path file = bundle != null ? bundle : Path.of("lightwire-" + boardId + ".tar.gz");
    Flasher.BundleInfo info;
    try {
      info = Flasher.BundleInfo.read(file);
      if (healthUrl != null) {
        new HealthProbe(healthUrl, HEALTH_REQUEST_TIMEOUT); // a bad URL fails before any upload
      }
    } catch (FlashException e) {
      err.println("lightwire: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("lightwire: " + e.getMessage());
      return 2;
    }
    if (!info.board().equals(boardId)) {
      err.println(
          "lightwire: " + file + " is for board '" + info.board() + "', not --board " + boardId);
      return 2;
    }
    out.printf(
        "flash: %s: release %s for %s (%.1f MiB)%n",
        file, info.release(), info.board(), info.size() / (1024.0 * 1024));
    Path known = knownHosts != null ? knownHosts : userHome.resolve(".ssh/known_hosts");
    List<Path> keys = identities != null ? identities : defaultIdentities(userHome);
    if (keys.isEmpty()) {
      err.println("lightwire: no SSH key: pass --identity KEY (or create ~/.ssh/id_ed25519)");
      return 2;
    }
    boolean terminal = System.console() != null && System.console().isTerminal();
    if (hosts.size() == 1) {
      FleetFlash.HostResult result =
          flashOne(hosts.getFirst(), info, known, keys, trusted, out, err, terminal);
      return result.installed() ? 0 : 1;
    }
    List<FleetFlash.HostResult> results =
        FleetFlash.run(
            hosts,
            parallel,
            canary,
            out,
            (host, hostOut) -> flashOne(host, info, known, keys, trusted, hostOut, hostOut, false));
    return results.stream().allMatch(FleetFlash.HostResult::installed) ? 0 : 1;
  }

  /** Flashes one board; errors are printed to {@code err} and reported as {@code failed}. */
  private FleetFlash.HostResult flashOne(
      FleetHosts.Host host,
      Flasher.BundleInfo info,
      Path known,
      List<Path> keys,
      String trustKeyPem,
      PrintWriter out,
      PrintWriter err,
      boolean terminal) {
    long start = System.nanoTime();
    String hostPart = host.address().contains(":") ? "[" + host.address() + "]" : host.address();
    // Each release's config names its port: the rollback target may listen elsewhere.
    java.util.function.IntFunction<HealthProbe> health =
        statusPort ->
            new HealthProbe(
                healthUrl != null
                    ? healthUrl
                    : URI.create("http://" + hostPart + ":" + statusPort + "/status"),
                HEALTH_REQUEST_TIMEOUT);
    Flasher.Options options =
        new Flasher.Options(
            this.home,
            serviceCommand,
            health,
            Duration.ofSeconds(healthTimeoutSeconds),
            HEALTH_INTERVAL,
            COMMAND_TIMEOUT,
            terminal,
            Duration.ofSeconds(
                boardRollbackSeconds != null ? boardRollbackSeconds : healthTimeoutSeconds + 60),
            trustKeyPem);
    Flasher flasher = null;
    String result;
    String after;
    out.printf("ssh: connecting to %s@%s:%d%n", host.user(), host.address(), host.port());
    try (var ssh =
        io.lightwire.firmware.flash.SshBoard.connect(
            new io.lightwire.firmware.flash.SshBoard.Target(
                host.user(),
                host.address(),
                host.port(),
                keys,
                known,
                trustNewHost,
                CONNECT_TIMEOUT))) {
      out.println(
          ssh.newlyTrusted()
              ? "ssh: new host key "
                  + ssh.hostKey()
                  + " trusted (--trust-new-host), added to "
                  + known
              : "ssh: host key " + ssh.hostKey() + " verified against " + known);
      flasher = new Flasher(ssh, options, out, System::nanoTime);
      Flasher.Outcome outcome = flasher.flash(info);
      result =
          switch (outcome) {
            case INSTALLED -> "installed";
            case ROLLED_BACK -> "rolled back";
            case STOPPED -> "stopped";
          };
      after =
          switch (outcome) {
            case INSTALLED -> "releases/" + info.release();
            case ROLLED_BACK -> flasher.before();
            case STOPPED -> "";
          };
    } catch (FlashException e) {
      err.println("lightwire: " + e.getMessage());
      result = "failed";
      after = "?";
    } catch (java.io.IOException e) {
      err.println("lightwire: closing the SSH connection: " + e.getMessage());
      result = "failed";
      after = "?";
    }
    return new FleetFlash.HostResult(
        host.label(),
        flasher == null ? "" : flasher.before(),
        after,
        result,
        (System.nanoTime() - start) / 1e9);
  }

  private static List<Path> defaultIdentities(Path home) {
    List<Path> keys = new ArrayList<>();
    for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
      Path key = home.resolve(".ssh").resolve(name);
      if (Files.isReadable(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Whether MINA SSHD can be loaded: as a module when the firmware runs as one ({@code
   * ./lightwire}), else from the class path (tests, embedding applications).
   */
  private static boolean sshAvailable() {
    if (FlashCommand.class.getModule().isNamed()) {
      return ModuleLayer.boot().findModule(SSH_MODULE).isPresent();
    }
    try {
      Class.forName("org.apache.sshd.client.SshClient", false, FlashCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
