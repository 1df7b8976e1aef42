package io.lightwire.firmware.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.BootException;
import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --board} and {@code --bind} as a user types them: case, unknown values, bad addresses. */
class BoardAndBindOptionTest {

  private final CliRun cli = new CliRun();

  @TempDir Path dir;

  @Test
  void aBoardIdInAnyCaseIsTheBoard() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults().with(Map.of(ConfigKey.BOARD.key(), "Pi5"), "in test");
    assertEquals("pi5", config.text(ConfigKey.BOARD));
    assertEquals(
        "emulated",
        FirmwareConfig.defaults()
            .with(Map.of(ConfigKey.BOARD.key(), "EMULATED"), "in test")
            .text(ConfigKey.BOARD));
    assertEquals(0, cli.run("boards", "show", "PI5"));
  }

  @Test
  void anUnknownBoardIsOneMessageAndExit2Everywhere() {
    assertEquals(2, cli.run("run", "--board", "Pi9", "--port", "0"));
    String run = cli.err();
    cli.reset();
    assertEquals(2, cli.run("boards", "show", "Pi9"));
    String show = cli.err();
    cli.reset();
    assertEquals(2, cli.run("bundle", "--board", "Pi9", "--output", dir.toString()));
    String bundle = cli.err();
    String phrase = "unknown board 'Pi9' (known: ";
    for (String message : new String[] {run, show, bundle}) {
      assertTrue(message.contains(phrase), message);
      assertTrue(message.contains("pi5, zero2w, cm4, cm5"), message);
    }
    // a lower-case unknown id too: once exit 1 from boot, now the same refusal as the others
    cli.reset();
    assertEquals(2, cli.run("run", "--board", "nope", "--port", "0"));
    assertTrue(cli.err().contains("unknown board 'nope' (known: "), cli.err());
  }

  @Test
  void bindLocalhostIsLoopback() throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults().with(Map.of(ConfigKey.SERVER_BIND.key(), "localhost"), "x");
    assertEquals("127.0.0.1", config.text(ConfigKey.SERVER_BIND));
  }

  @Test
  void aHostNameForBindSaysToUseAnAddress() {
    assertEquals(2, cli.run("run", "--bind", "example.org", "--port", "0"));
    String message = cli.err();
    assertTrue(message.contains("'example.org' is not an IP address"), message);
    assertTrue(message.contains("0.0.0.0"), message);
    assertTrue(message.contains("127.0.0.1"), message);
  }

  @Test
  void anAddressOfAnotherMachineIsNamedAsTheProblemNotThePort() throws Exception {
    // 198.51.100.77 is in TEST-NET-2 (RFC 5737): not an address of this machine; bind() fails
    // locally and no packet is sent.
    BootException e = boot("198.51.100.77", 0);
    assertTrue(
        e.getMessage().contains("198.51.100.77 is not an address of this machine"), e.getMessage());
    assertTrue(e.getMessage().contains("--bind"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1"), "lists this machine's addresses");
    assertTrue(
        !e.getMessage().contains("%"), "no IPv6 scopes in an IPv4 answer: " + e.getMessage());
    assertTrue(!e.getMessage().contains("another port"), e.getMessage());
  }

  @Test
  void aPortInUseStillSaysToChooseAnotherPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BootException e = boot("127.0.0.1", taken.getLocalPort());
      assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertTrue(e.getMessage().contains("--port"), e.getMessage());
    }
  }

  /** Boots the emulated board on {@code bind}:{@code port}, which must fail. */
  private BootException boot(String bind, int port) throws Exception {
    FirmwareConfig config =
        FirmwareConfig.defaults()
            .with(
                Map.of(
                    "board",
                    "emulated",
                    "server.bind",
                    bind,
                    "server.port",
                    Integer.toString(port),
                    "state.dir",
                    dir.toString()),
                "in test");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Firmware firmware =
        Firmware.boot(config, new PrintStream(printed, true, StandardCharsets.UTF_8), dir)) {
      throw new AssertionError("booted on " + firmware.port());
    } catch (BootException e) {
      return e;
    }
  }
}
