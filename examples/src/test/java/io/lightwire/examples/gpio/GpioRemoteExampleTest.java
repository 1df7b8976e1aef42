package io.lightwire.examples.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.device.DeviceBoard;
import io.lightwire.examples.device.RunningExample;
import io.lightwire.examples.support.Pools;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.testsupport.JdkPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code gpio-remote} with an independent client (the JDK's WebSocket) on the emulated board: the
 * token unlocks the LED, the LED's wire closes the loop to the button, a locked page is refused,
 * bad messages close with the right codes, and a stop frees every pool and puts the LED low.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GpioRemoteExampleTest {

  static final Pattern OPEN =
      Pattern.compile(
          "gpio-remote: open http://127\\.0\\.0\\.1:(\\d+)/#token=([A-Za-z0-9_-]{43}) \\(LED GPIO"
              + " 17, button GPIO 27, wired together on the emulated board; without #token the page"
              + " only watches\\)");

  static RunningExample<GpioRemote> start() throws Exception {
    return RunningExample.start(
        (err, onTermination, started) ->
            new GpioRemoteExample(err, onTermination, started, Path.of("/")),
        "--port",
        "0",
        "--board",
        "emulated");
  }

  static Matcher line(RunningExample<GpioRemote> running) {
    Matcher m = OPEN.matcher(running.outLines().getFirst());
    assertTrue(m.matches(), running.outLines().getFirst());
    return m;
  }

  static EmulatedHardware board(RunningExample<GpioRemote> running) throws Exception {
    return DeviceBoard.emulated(running.value().hardware()).orElseThrow();
  }

  private static String url(Matcher m) {
    return "ws://127.0.0.1:" + m.group(1) + "/remote";
  }

  /** Waits for a state message containing {@code fragment}, skipping other messages. */
  private static String awaitState(JdkPeer peer, String fragment) throws InterruptedException {
    while (true) {
      String text = peer.nextText();
      if (text.startsWith("{\"type\":\"state\"") && text.contains(fragment)) {
        return text;
      }
    }
  }

  @Test
  void theTokenUnlocksTheLedAndItsWireShowsTheButtonPressed() throws Exception {
    try (RunningExample<GpioRemote> running = start()) {
      Matcher m = line(running);
      EmulatedHardware board = board(running);
      try (JdkPeer peer = JdkPeer.connect(url(m))) {
        awaitState(peer, "\"led\":false,\"button\":false,\"presses\":0");
        peer.socket
            .sendText("{\"type\":\"auth\",\"token\":\"" + m.group(2) + "\"}", true)
            .get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"auth\",\"ok\":true}", peer.nextText());
        peer.socket.sendText("{\"type\":\"led\",\"on\":true}", true).get(10, TimeUnit.SECONDS);
        awaitState(peer, "\"led\":true,\"button\":true,\"presses\":1");
        assertTrue(board.level(17), "the LED pin is high");
        assertTrue(board.level(27), "the wired input reads high");

        peer.socket.sendText("{\"type\":\"toggle\"}", true).get(10, TimeUnit.SECONDS);
        awaitState(peer, "\"led\":false,\"button\":false,\"presses\":1");
        assertFalse(board.level(17));

        // A person presses the button: the input is driven whatever the LED does.
        board.drive(27, true);
        awaitState(peer, "\"led\":false,\"button\":true,\"presses\":2");
        board.drive(27, false);
        awaitState(peer, "\"button\":false,\"presses\":2");

        peer.socket.sendText("{\"type\":\"led\",\"on\":true}", true).get(10, TimeUnit.SECONDS);
        awaitState(peer, "\"led\":true");
        GpioRemote remote = running.value();
        assertEquals(0, running.terminate());
        assertEquals("close 1001", nextClose(peer));
        assertFalse(board.level(17), "the LED is left low (its shutdown state)");
        assertEquals(3, remote.controlsApplied());
        assertEquals(0, remote.controlsRefused());
        Pools.assertAllFree(remote.pools());
        assertEquals(1, running.outLines().size(), "one line: " + running.outLines());
        assertTrue(running.errText().contains("connection slots in use: 0"), running.errText());
      }
    }
  }

  @Test
  void aPageWithoutTheTokenWatchesButCannotSwitchTheLed() throws Exception {
    try (RunningExample<GpioRemote> running = start()) {
      Matcher m = line(running);
      EmulatedHardware board = board(running);
      GpioRemote remote = running.value();
      try (JdkPeer peer = JdkPeer.connect(url(m))) {
        awaitState(peer, "\"led\":false");
        peer.socket.sendText("{\"type\":\"led\",\"on\":true}", true).get(10, TimeUnit.SECONDS);
        assertTrue(peer.nextText().matches("\\{\"type\":\"error\",\"message\":\".*token.*\"}"));
        peer.socket
            .sendText("{\"type\":\"auth\",\"token\":\"not-the-token\"}", true)
            .get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"auth\",\"ok\":false}", peer.nextText());
        peer.socket.sendText("{\"type\":\"toggle\"}", true).get(10, TimeUnit.SECONDS);
        assertTrue(peer.nextText().contains("\"type\":\"error\""));
        assertEquals(3, remote.controlsRefused());
        assertEquals(0, remote.controlsApplied());
        assertFalse(board.level(17), "the LED never moved");
      }
      assertEquals(0, running.terminate());
      Pools.assertAllFree(remote.pools());
    }
  }

  @Test
  void malformedMessagesClose1008AndBinaryOnes1003() throws Exception {
    try (RunningExample<GpioRemote> running = start()) {
      Matcher m = line(running);
      String[] bad = {
        "{\"type\":",
        "[1,2]",
        "{\"type\":\"led\",\"on\":\"yes\"}",
        "{\"type\":\"x\"}",
        // not JSON at all, though the old flat parser took the first two: the one strict codec
        "{\"type\":\"led\",\"on\":01}",
        "{\"type\":\"auth\",\"token\":\"\\ud800\"}",
        "{\"type\":\"toggle\",\"type\":\"toggle\"}"
      };
      for (String message : bad) {
        try (JdkPeer peer = JdkPeer.connect(url(m))) {
          awaitState(peer, "\"led\":false");
          peer.socket.sendText(message, true).get(10, TimeUnit.SECONDS);
          assertEquals("close 1008", nextClose(peer), message);
        }
      }
      try (JdkPeer peer = JdkPeer.connect(url(m))) {
        awaitState(peer, "\"led\":false");
        peer.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), true).get(10, TimeUnit.SECONDS);
        assertEquals("close 1003", nextClose(peer));
      }
      GpioRemote remote = running.value();
      assertEquals(0, running.terminate());
      Pools.assertAllFree(remote.pools());
    }
  }

  @Test
  void badOptionsExit2NamingTheOptionAndTheValue() throws Exception {
    String[][] cases = {
      {"--led", "40"}, {"--button", "x"}, {"--board", "pi9"}, {"--led", "17", "--button", "17"}
    };
    for (String[] args : cases) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--board";
      all[args.length + 1] = args[0].equals("--board") ? args[1] : "emulated";
      int status =
          new GpioRemoteExample(
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  action -> true,
                  remote -> {},
                  Path.of("/"))
              .run(all, new PrintStream(out, true, StandardCharsets.UTF_8));
      String text = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, status, text);
      assertTrue(text.contains(args[0]) && text.contains(args[1]), text);
      assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyRunMakesADifferentToken() {
    String a = GpioRemoteExample.newToken();
    String b = GpioRemoteExample.newToken();
    assertEquals(43, a.length());
    assertFalse(a.equals(b));
  }

  private static String nextClose(JdkPeer peer) throws InterruptedException {
    while (true) {
      Object o = peer.next();
      if (o instanceof String s && s.startsWith("close ")) {
        return s;
      }
    }
  }
}
