package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire flash} against a real SSH server on loopback whose exec and SFTP work on a board
 * folder, and whose service restarts really start the flashed firmware (see {@link TestBoard}).
 * Bundles: v1 and v2 are healthy firmwares on different ports; v3 is a firmware that cannot come up
 * (its port is taken, so it exits at boot) and must be rolled back.
 */
@Tag("process")
class FlashTest extends OnTestBoard {

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path bundles;
  private static TestReleases releases;
  private static Path v1;
  private static Path v2;
  private static Path v3;
  private static int v1Port;
  private static int v2Port;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void makeBundles() throws Exception {
    releases = new TestReleases(bundles);
    v1 = releases.v1;
    v2 = releases.v2;
    v3 = releases.v3;
    v1Port = releases.v1Port;
    v2Port = releases.v2Port;
  }

  @AfterAll
  static void releasePort() throws IOException {
    releases.close();
  }

  private int flash(Path bundle, int healthSeconds, String... extra) {
    return board.flash(knownHosts, bundle, healthSeconds, out, err, extra);
  }

  private static String release(Path bundle) throws Exception {
    return TestReleases.release(bundle);
  }

  private static String status(int port) throws IOException {
    return new HealthProbe(
            URI.create("http://127.0.0.1:" + port + "/status"), Duration.ofSeconds(5))
        .probe();
  }

  private List<String> releases() throws IOException {
    try (Stream<Path> list = Files.list(board.home.resolve("releases"))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFreshBoardGetsTheReleaseLinkedEnabledAndAnswering() throws Exception {
    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());

    assertEquals(release(v1), board.current());
    assertEquals("1.0.0", status(v1Port), "the flashed firmware itself answers /status");
    assertEquals(
        List.of(
            "cat lightwire.service",
            "link " + board.home + "/lightwire.service",
            "enable lightwire.service",
            "restart lightwire.service"),
        board.serviceCalls());
    String unit = Files.readString(board.home.resolve("unit-linked"));
    assertTrue(unit.contains("ExecStart=" + board.home + "/current/bin/lightwire run"), unit);
    assertTrue(out.toString().contains("verified on the board: "), out.toString());
    assertTrue(out.toString().contains("upload [########################] 100%"), out.toString());
    assertTrue(out.toString().contains("health: " + release(v1) + " answers (version 1.0.0)"));
    assertEquals(List.of(), Files.list(board.home.resolve("incoming")).toList(), "upload cleaned");
  }

  @Test
  void anUpgradeSwitchesCurrentRestartsAndKeepsThePreviousRelease() throws Exception {
    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());
    assertEquals(0, flash(v2, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());

    assertEquals(release(v2), board.current());
    assertEquals("2.0.0", status(v2Port));
    assertThrows(IOException.class, () -> status(v1Port), "the old firmware was stopped");
    assertEquals(release(v1), Files.readString(board.home.resolve("previous")).strip());
    assertEquals(
        List.of(release(v1).substring(9), release(v2).substring(9)).stream().sorted().toList(),
        releases());
    assertEquals(
        List.of("cat lightwire.service", "daemon-reload", "restart lightwire.service"),
        board.serviceCalls().subList(4, 7),
        "the second install reloads the unit it already linked");
  }

  @Test
  void aFirmwareThatDoesNotComeUpIsRolledBackByItself() throws Exception {
    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());
    int status = flash(v3, 10);

    assertEquals(1, status);
    assertEquals(release(v1), board.current(), "current points at the release that worked");
    assertEquals("1.0.0", status(v1Port), "the previous firmware answers again");
    assertTrue(out.toString().contains("health: no answer within 10 s"), out.toString());
    assertTrue(
        out.toString().contains("rolled back: the board runs " + release(v1) + " again"),
        out.toString());
    assertTrue(
        Files.readString(board.home.resolve("firmware.log")).contains("server: "),
        "v3 really failed at boot");
  }

  @Test
  void aFirstInstallThatDoesNotComeUpStopsTheServiceInsteadOfLeavingItLooping() throws Exception {
    assertEquals(1, flash(v3, 4));

    assertEquals("", board.current(), "no release is current");
    assertEquals("stop lightwire.service", board.serviceCalls().getLast());
    assertFalse(Files.exists(board.home.resolve("run.pid")), "nothing runs");
    assertTrue(out.toString().contains("no previous release on the board"), out.toString());
  }

  @Test
  void aBundleWhoseFilesDoNotMatchTheirSumsIsRefusedOnTheBoardAndNothingSwitches()
      throws Exception {
    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());
    // v2 with its config changed after it was summed: the archive is whole, its content is not.
    Path unpacked = Files.createDirectories(dir.resolve("tampered"));
    run("tar", "-xzf", v2.toString(), "-C", unpacked.toString());
    Files.writeString(
        unpacked.resolve("config/lightwire.properties"),
        "server.port = 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    Path tampered = dir.resolve("tampered.tar.gz");
    run(
        "tar",
        "-czf",
        tampered.toString(),
        "-C",
        unpacked.toString(),
        "MANIFEST",
        "SHA256SUMS",
        "bin",
        "config",
        "lib",
        "systemd");

    assertEquals(1, flash(tampered, 5));

    assertTrue(
        err.toString()
            .contains(
                "the board refused the bundle: board: files of the bundle do not"
                    + " match SHA256SUMS. Nothing was switched; the board still runs "
                    + release(v1)),
        err.toString());
    assertEquals(release(v1), board.current());
    assertEquals(List.of(release(v1).substring(9)), releases(), "nothing staged is left");
    assertEquals(List.of(), Files.list(board.home.resolve("incoming")).toList());
    assertEquals("1.0.0", status(v1Port));
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
  }

  @Test
  void anInterruptedUploadInstallsNothingAndTheOldReleaseStaysCurrent() throws Exception {
    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds()), err.toString());
    Flasher.BundleInfo info = Flasher.BundleInfo.read(v2);
    SshBoard ssh = board.connect(knownHosts);
    // The connection dies halfway through the upload: the SSH server stops.
    Board dropping = new InterruptingBoard(ssh, info.size() / 2, board.server);
    Flasher flasher =
        new Flasher(
            dropping,
            new Flasher.Options(
                board.home.toString(),
                board.systemctl().toString(),
                port ->
                    new HealthProbe(
                        URI.create("http://127.0.0.1:" + port + "/status"), Duration.ofSeconds(1)),
                HEALTH_TIMEOUT,
                Duration.ofMillis(200),
                Duration.ofSeconds(60),
                false,
                Duration.ZERO,
                ""),
            new PrintWriter(out, true),
            System::nanoTime);

    FlashException failure = assertThrows(FlashException.class, () -> flasher.flash(info));
    ssh.close();
    System.out.println(out + "lightwire: " + failure.getMessage());

    assertTrue(failure.getMessage().startsWith("upload interrupted"), failure.getMessage());
    assertTrue(failure.getMessage().contains("the board still runs " + release(v1)));
    assertEquals(release(v1), board.current());
    assertEquals(List.of(release(v1).substring(9)), releases(), "no new release folder");
    assertFalse(
        Files.exists(board.home.resolve("incoming/" + info.release() + ".tar.gz")),
        "only a .part upload may be left, never a complete-looking one");
    assertEquals("1.0.0", status(v1Port), "the old firmware still runs");
  }

  @Test
  void anUnknownHostKeyIsRefusedUnlessTrustingItIsAsked() throws Exception {
    Files.writeString(knownHosts, "");

    assertEquals(1, flash(v1, 5));
    assertTrue(err.toString().contains("is not in " + knownHosts + ": refused"), err.toString());
    assertEquals("", board.current(), "nothing was done on the board");
    assertEquals("", Files.readString(knownHosts), "known_hosts untouched");

    assertEquals(0, flash(v1, (int) HEALTH_TIMEOUT.toSeconds(), "--trust-new-host"));
    assertTrue(
        Files.readString(knownHosts)
            .contains(
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                    board.hostKey.getPublic())),
        "the trusted key was recorded");
    assertTrue(
        out.toString().contains("(--trust-new-host), added to " + knownHosts), out.toString());
  }

  @Test
  void aChangedHostKeyIsRefusedEvenWhenTrustingNewHosts() throws Exception {
    String other = board.knownHostsLine(TestBoard.ecKey());
    Files.writeString(knownHosts, other);

    assertEquals(1, flash(v1, 5, "--trust-new-host"));
    assertTrue(err.toString().contains("CHANGED"), err.toString());
    assertTrue(
        err.toString().contains("ssh-keygen -R '[127.0.0.1]:" + board.port() + "'"),
        err.toString());
    assertEquals("", board.current());
    assertEquals(other, Files.readString(knownHosts), "known_hosts untouched");
    assertNotEquals(0, err.toString().length());
  }

  /** Delegates to a real board, and stops the SSH server once {@code after} bytes are sent. */
  private static final class InterruptingBoard extends ForwardingBoard {
    private final long after;
    private final org.apache.sshd.server.SshServer server;

    InterruptingBoard(SshBoard board, long after, org.apache.sshd.server.SshServer server) {
      super(board);
      this.after = after;
      this.server = server;
    }

    @Override
    public void upload(Path local, String remote, UploadListener listener) throws IOException {
      delegate.upload(
          local,
          remote,
          bytes -> {
            listener.sent(bytes);
            if (bytes >= after && server.isStarted()) {
              server.stop(true);
            }
          });
    }
  }
}
