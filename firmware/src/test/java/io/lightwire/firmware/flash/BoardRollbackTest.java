package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.app.ModuleJars;
import io.lightwire.firmware.bundle.TestBundles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's own rollback: flash is cut off right after the install step (the SSH server stops, as
 * when a laptop drops), and the watchdog the install left on the board decides alone. v1 and v2 are
 * healthy firmwares; v3 cannot come up (its port is held by a silent socket).
 */
@Tag("process")
class BoardRollbackTest extends OnTestBoard {

  private static final Duration BOARD_ROLLBACK = Duration.ofSeconds(8);

  @TempDir static Path bundles;
  private static TestReleases releases;

  private final StringWriter out = new StringWriter();

  @BeforeAll
  static void makeBundles() throws Exception {
    releases = new TestReleases(bundles);
  }

  @AfterAll
  static void releasePort() throws IOException {
    releases.close();
  }

  @BeforeEach
  void flashV1() throws Exception {
    StringWriter err = new StringWriter();
    assertEquals(0, board.flash(knownHosts, releases.v1, 60, out, err), out + "\n" + err);
  }

  @AfterEach
  void printFlashOutput() {
    System.out.println(out);
  }

  /** Flashes {@code bundle} through a connection that is cut once the install step returned. */
  private Flasher.Outcome flashCutOff(Path bundle) throws Exception {
    SshBoard ssh = board.connect(knownHosts);
    try (Board cut = new CutAfterInstall(ssh, board)) {
      return new Flasher(
              cut,
              new Flasher.Options(
                  board.home.toString(),
                  board.systemctl().toString(),
                  port ->
                      new HealthProbe(
                          URI.create("http://127.0.0.1:" + port + "/status"),
                          Duration.ofSeconds(1)),
                  Duration.ofSeconds(2),
                  Duration.ofMillis(200),
                  Duration.ofSeconds(60),
                  false,
                  BOARD_ROLLBACK,
                  ""),
              new PrintWriter(out, true),
              System::nanoTime)
          .flash(Flasher.BundleInfo.read(bundle));
    }
  }

  private static String status(int port) throws IOException {
    return new HealthProbe(
            URI.create("http://127.0.0.1:" + port + "/status"), Duration.ofSeconds(2))
        .probe();
  }

  private String rollbackLog() throws IOException {
    Path log = board.home.resolve("rollback.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Waits (bounded) until the board's watchdog has finished. */
  private void awaitWatchdog() throws Exception {
    Path pending = board.home.resolve("pending");
    Path pid = board.home.resolve("rollback.pid");
    for (int i = 0; i < 600 && (Files.exists(pending) || Files.exists(pid)); i++) {
      Thread.sleep(100);
    }
  }

  private static String release(Path bundle) throws Exception {
    return TestReleases.release(bundle);
  }

  @Test
  void aReleaseThatNeverAnswersIsRevertedByTheBoardWhenFlashIsCutOff() throws Exception {
    assertThrows(
        FlashException.class, () -> flashCutOff(releases.v3), "flash cannot roll back itself");
    assertEquals(release(releases.v3), board.current(), "the bad release was switched to");

    awaitWatchdog();

    assertEquals(release(releases.v1), board.current(), "the board went back by itself");
    String answered = "";
    for (int i = 0; i < 300 && !answered.equals("1.0.0"); i++) {
      try {
        answered = status(releases.v1Port);
      } catch (IOException e) {
        Thread.sleep(100); // v1 is starting again
      }
    }
    assertEquals("1.0.0", answered, "the previous firmware answers again");
    assertTrue(
        rollbackLog()
            .contains(
                release(releases.v3) + " not ready within 8 s: back to " + release(releases.v1)),
        rollbackLog());
  }

  @Test
  void aReleaseThatAnswersConfirmsItselfOnTheBoardWhenFlashIsCutOff() throws Exception {
    assertEquals(Flasher.Outcome.INSTALLED, flashCutOff(releases.v2));
    assertTrue(out.toString().contains("the board confirms an answering release itself"));

    awaitWatchdog();
    Thread.sleep(BOARD_ROLLBACK.toMillis()); // past the deadline: nothing is reverted

    assertEquals(release(releases.v2), board.current());
    assertEquals("2.0.0", status(releases.v2Port));
    assertTrue(
        rollbackLog().contains(release(releases.v2) + " answered: confirmed"), rollbackLog());
  }

  @Test
  void aReleaseWhoseApplicationFailsAtStartIsRevertedByTheBoardThoughItAnswers() throws Exception {
    // The firmware of this release serves and answers with its version, but its application
    // threw in start: the board's own check requires the application running, as flash's does.
    Path appJar =
        new ModuleJars(dir.resolve("app"))
            .jar(
                "failing",
                ModuleJars.application(
                    "lw.failing",
                    "lw.failing",
                    "failing",
                    "",
                    "throw new IllegalStateException(\"no sensor\");"),
                "");
    int port = TestReleases.freePort();
    Path failing =
        new TestBundles(dir.resolve("bundles"))
            .bundle(
                "4.0.0",
                "emulated",
                "server.bind = 127.0.0.1\nserver.port = " + port + "\n",
                "v4",
                "--app",
                appJar.toString());
    assertThrows(FlashException.class, () -> flashCutOff(failing), "flash cannot roll back");
    assertEquals(release(failing), board.current(), "the failing release was switched to");

    awaitWatchdog();

    assertEquals(release(releases.v1), board.current(), "the board went back by itself");
    assertTrue(
        rollbackLog()
            .contains(release(failing) + " not ready within 8 s: back to " + release(releases.v1)),
        rollbackLog());
  }

  /** An SSH board whose connection drops right after the install step returned. */
  private static final class CutAfterInstall extends ForwardingBoard {
    private final TestBoard board;
    private boolean cut;

    CutAfterInstall(SshBoard ssh, TestBoard board) {
      super(ssh);
      this.board = board;
    }

    @Override
    public Result exec(String command, Duration timeout) throws IOException {
      if (cut) {
        throw new IOException("connection lost (the laptop dropped)");
      }
      Result result = delegate.exec(command, timeout);
      if (command.contains("lightwire-board 'install'")) {
        cut = true;
        board.server.stop(true);
      }
      return result;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } catch (IOException e) {
        // the connection was cut on purpose
      }
    }
  }
}
