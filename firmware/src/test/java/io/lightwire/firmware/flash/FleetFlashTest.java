package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.bundle.TestBundles;
import io.lightwire.firmware.cli.LightwireCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightwire flash} to a fleet: three SSH test boards on 127.0.0.2, .3 and .4 (each a real
 * SSH server whose service restarts start the flashed firmware, see {@link TestBoard}). The same
 * bundle listens on the same port on each board's address; on 127.0.0.4 that port is held by a
 * silent socket, so the firmware there fails at boot and its health check fails.
 */
@Tag("process")
class FleetFlashTest {

  private static final String[] ADDRESSES = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
  private static final int BAD = 2;

  @TempDir static Path bundles;
  private static Path v1;
  private static int firmwarePort;

  @TempDir Path dir;
  private final List<TestBoard> boards = new ArrayList<>();
  private ServerSocket blocker;
  private Path knownHosts;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void makeBundle() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      firmwarePort = socket.getLocalPort();
    }
    v1 =
        new TestBundles(bundles)
            .bundle("1.0.0", "emulated", "server.port = " + firmwarePort + "\n", "v1");
  }

  @BeforeEach
  void startBoards() throws Exception {
    KeyPair client = TestBoard.ecKey();
    StringBuilder known = new StringBuilder();
    for (String address : ADDRESSES) {
      TestBoard board =
          new TestBoard(Files.createDirectories(dir.resolve(address)), address, client);
      boards.add(board);
      known.append(board.knownHostsLine(board.hostKey));
    }
    knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
    blocker = new ServerSocket();
    blocker.bind(new InetSocketAddress(ADDRESSES[BAD], firmwarePort), 1);
  }

  @AfterEach
  void stopBoards() throws Exception {
    blocker.close();
    for (TestBoard board : boards) {
      board.close();
    }
  }

  private String login(int board) {
    return "pi@" + ADDRESSES[board] + ":" + boards.get(board).port();
  }

  private int flash(String... hostArgs) {
    TestBoard first = boards.getFirst();
    List<String> args =
        new ArrayList<>(
            List.of(
                "flash",
                "--board",
                "emulated",
                "--identity",
                first.clientKey.toString(),
                "--known-hosts",
                knownHosts.toString(),
                // Relative to each board's SSH home, where its service stand-in is on the PATH.
                "--home",
                "opt/lightwire",
                "--service-command",
                "test-systemctl",
                "--health-timeout",
                "20",
                "--bundle",
                v1.toString()));
    args.addAll(List.of(hostArgs));
    int status =
        LightwireCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    System.out.println(out);
    System.out.println(err);
    return status;
  }

  private static String version(String address) throws IOException {
    return new HealthProbe(
            URI.create("http://" + address + ":" + firmwarePort + "/status"), Duration.ofSeconds(5))
        .probe();
  }

  @Test
  void aHostsFileFlashesEveryBoardInParallelAndTheSummaryNamesTheOneThatFailed() throws Exception {
    Path hosts =
        Files.writeString(
            dir.resolve("hosts"),
            "# the bench\n\n" + login(0) + "\n" + login(1) + "   # second\n" + login(BAD) + "\n");

    int status = flash("--hosts", hosts.toString(), "--parallel", "3");

    assertEquals(1, status, "one board failed: exit 1");
    String release = Flasher.BundleInfo.read(v1).release();
    assertEquals("1.0.0", version(ADDRESSES[0]));
    assertEquals("1.0.0", version(ADDRESSES[1]));
    assertEquals("releases/" + release, boards.get(0).current());
    assertEquals("releases/" + release, boards.get(1).current());
    assertEquals("", boards.get(BAD).current(), "the failed first install was stopped");
    String text = out.toString();
    assertTrue(text.matches("(?s).*HOST +BEFORE +AFTER +RESULT +TIME\n.*"), text);
    assertTrue(
        text.matches("(?s).*\n" + login(0) + " +- +" + release + " +installed +[0-9.]+ s\n.*"),
        text);
    assertTrue(text.matches("(?s).*\n" + login(BAD) + " +- +- +stopped +[0-9.]+ s\n.*"), text);
    assertTrue(text.contains("fleet: 2 of 3 board(s) installed, 1 not"), text);
    assertTrue(text.contains("[" + login(1) + "] health: "), "lines carry their board: " + text);
  }

  @Test
  void aFailingCanaryLeavesTheOtherBoardsUntouched() throws Exception {
    int status =
        flash("--host", login(BAD), "--host", login(0), "--host", login(1), "--canary", "1");

    assertEquals(1, status);
    assertEquals(List.of(), boards.get(0).serviceCalls(), "board 0 was not touched");
    assertEquals(List.of(), boards.get(1).serviceCalls(), "board 1 was not touched");
    assertEquals("", boards.get(0).current());
    assertThrows(IOException.class, () -> version(ADDRESSES[0]));
    String text = out.toString();
    assertTrue(text.contains("fleet: a canary failed"), text);
    assertTrue(text.matches("(?s).*\n" + login(0) + " +- +- +skipped +-\n.*"), text);
  }

  @Test
  void aGoodCanaryLetsTheRestFollow() throws Exception {
    assertEquals(
        0, flash("--host", login(0), "--host", login(1), "--canary", "1", "--parallel", "2"));
    assertEquals("1.0.0", version(ADDRESSES[1]));
    assertTrue(out.toString().contains("fleet: 2 of 2 board(s) installed\n"), out.toString());
  }

  @Test
  void aBadLineOfTheHostsFileIsNamedByItsNumberAndNothingIsFlashed() throws Exception {
    Path hosts =
        Files.writeString(dir.resolve("hosts"), login(0) + "\n# ok\nnot-a-login\n" + login(1));

    assertEquals(2, flash("--hosts", hosts.toString()));
    assertTrue(
        err.toString().contains(hosts + ":3: 'not-a-login' is not USER@ADDRESS[:PORT]"),
        err.toString());
    assertEquals(List.of(), boards.get(0).serviceCalls());
  }
}
