package io.lightwire.examples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.device.RunningExample;
import io.lightwire.examples.support.Pools;
import io.lightwire.testsupport.JdkPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code camera-stream} with independent clients (the JDK's WebSocket): every page gets every
 * frame, whole and in order; other sites' pages are refused; a stop closes pages with 1001 and
 * frees every pool.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraStreamExampleTest {

  /** The one line the example prints. */
  static final Pattern OPEN =
      Pattern.compile(
          "camera-stream: open http://127\\.0\\.0\\.1:(\\d+)/ \\(camera of .+, \\d+x\\d+ at \\d+ fps\\)");

  static RunningExample<CameraStream> start(String... extra) throws Exception {
    String[] args = new String[extra.length + 4];
    args[0] = "--port";
    args[1] = "0";
    args[2] = "--board";
    args[3] = "emulated";
    System.arraycopy(extra, 0, args, 4, extra.length);
    return RunningExample.start(
        (err, onTermination, started) ->
            new CameraStreamExample(err, onTermination, started, Path.of("/")),
        args);
  }

  static int port(RunningExample<CameraStream> running) {
    Matcher m = OPEN.matcher(running.outLines().getFirst());
    assertTrue(m.matches(), running.outLines().getFirst());
    return Integer.parseInt(m.group(1));
  }

  @Test
  void everyPageGetsWholeFramesWithRisingSequenceNumbersThenCloses1001OnStop() throws Exception {
    try (RunningExample<CameraStream> running = start("--width", "320", "--height", "240")) {
      int port = port(running);
      String url = "ws://127.0.0.1:" + port + "/stream";
      try (JdkPeer first = JdkPeer.connect(url, "http://127.0.0.1:" + port);
          JdkPeer second = JdkPeer.connect(url)) {
        long[] last = {-1, -1};
        JdkPeer[] peers = {first, second};
        for (int p = 0; p < 2; p++) {
          int frames = 0;
          while (frames < 8) {
            Object m = peers[p].next();
            if (m instanceof String text) {
              assertTrue(text.matches("\\{\"viewers\":[12]}"), text);
              continue;
            }
            byte[] jpeg = assertInstanceOf(byte[].class, m);
            assertTrue(Frames.whole(jpeg), "a whole JPEG, SOI to EOI");
            long seq = Frames.sequence(jpeg);
            assertTrue(seq > last[p], "seq " + seq + " after " + last[p]);
            last[p] = seq;
            frames++;
          }
        }
        CameraStream stream = running.value();
        assertEquals(2, stream.viewers());
        assertEquals(0, running.terminate());
        assertEquals("close 1001", nextClose(first));
        assertEquals("close 1001", nextClose(second));
        assertTrue(stream.framesSent() >= 8, "frames sent: " + stream.framesSent());
        Pools.assertAllFree(stream.pools());
        assertEquals(1, running.outLines().size(), "exactly one line: " + running.outLines());
        assertTrue(running.errText().contains("connection slots in use: 0"), running.errText());
      }
    }
  }

  @Test
  void theFramesAreLargerThanOneFrameLimitAndStillArriveWhole() throws Exception {
    // 1280x960 synthetic frames are well over 0xFFFF bytes: the broadcast fragments them.
    try (RunningExample<CameraStream> running =
        start("--width", "1280", "--height", "960", "--fps", "5", "--quality", "95")) {
      try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port(running) + "/stream")) {
        int big = 0;
        for (int frames = 0; frames < 3; ) {
          if (peer.next() instanceof byte[] jpeg) {
            assertTrue(Frames.whole(jpeg));
            big += jpeg.length > 0xFFFF ? 1 : 0;
            frames++;
          }
        }
        assertTrue(big > 0, "at least one frame over 0xFFFF bytes");
      }
      CameraStream stream = running.value();
      assertEquals(0, running.terminate());
      Pools.assertAllFree(stream.pools());
    }
  }

  @Test
  void thePageIsServedAndOtherSitesCannotOpenTheStream() throws Exception {
    try (RunningExample<CameraStream> running = start()) {
      int port = port(running);
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> page =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("camera-stream.js"), page.body());
      }
      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () -> JdkPeer.connect("ws://127.0.0.1:" + port + "/stream", "http://evil.example"));
      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
      assertEquals(403, handshake.getResponse().statusCode());
      CameraStream stream = running.value();
      assertEquals(0, stream.viewers());
      assertEquals(0, running.terminate());
      Pools.assertAllFree(stream.pools());
    }
  }

  @Test
  void theConnectHandlerTellsEveryPageHowManyWatch() throws Exception {
    // One frame per second, so the count is not crowded out of a page's keep-newest queue.
    try (RunningExample<CameraStream> running = start("--fps", "1")) {
      String url = "ws://127.0.0.1:" + port(running) + "/stream";
      java.util.List<JdkPeer> peers = new java.util.ArrayList<>();
      try {
        for (int i = 1; i <= 12; i++) {
          JdkPeer peer = JdkPeer.connect(url);
          peers.add(peer);
          String expected = "{\"viewers\":" + i + "}";
          String text;
          do {
            text = peer.nextText();
          } while (!text.equals(expected) && text.matches("\\{\"viewers\":\\d+}"));
          assertEquals(expected, text);
        }
        assertEquals(12, running.value().viewers());
        peers.removeFirst().close(); // dropped without a close frame: still a disconnect
        String text;
        do {
          text = peers.getFirst().nextText();
        } while (!text.equals("{\"viewers\":11}"));
      } finally {
        peers.forEach(JdkPeer::close);
      }
      CameraStream stream = running.value();
      assertEquals(0, running.terminate());
      assertEquals(0, stream.viewers());
      Pools.assertAllFree(stream.pools());
    }
  }

  @Test
  void aPageThatNeverReadsHoldsUpNobodyAndItsBuffersComeBackOnStop() throws Exception {
    try (RunningExample<CameraStream> running = start("--fps", "30", "--quality", "95")) {
      int port = port(running);
      try (Socket stalled = new Socket()) {
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        stalled.setSoTimeout(10_000);
        stalled
            .getOutputStream()
            .write(
                ("GET /stream HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[12];
        int got = 0;
        while (got < head.length) {
          int n = stalled.getInputStream().read(head, got, head.length - got);
          assertTrue(n > 0, "the upgrade is answered");
          got += n;
        }
        assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
        // From here on it reads nothing: its queue fills and keeps only the newest frames.
        try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/stream")) {
          long last = -1;
          for (int frames = 0; frames < 90; ) {
            if (peer.next() instanceof byte[] jpeg) {
              long seq = Frames.sequence(jpeg);
              assertTrue(seq > last, "seq " + seq + " after " + last);
              last = seq;
              frames++;
            }
          }
        }
        CameraStream stream = running.value();
        assertEquals(0, running.terminate());
        Pools.assertAllFree(stream.pools());
      }
    }
  }

  @Test
  void aMessageFromAPageClosesItWith1008() throws Exception {
    try (RunningExample<CameraStream> running = start()) {
      try (JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port(running) + "/stream")) {
        peer.socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertEquals("close 1008", nextClose(peer));
      }
      CameraStream stream = running.value();
      assertEquals(0, running.terminate());
      Pools.assertAllFree(stream.pools());
    }
  }

  @Test
  void badOptionsExit2NamingTheOptionAndTheValue() throws Exception {
    for (String[] args :
        new String[][] {
          {"--fps", "0"},
          {"--width", "wide"},
          {"--board", "pi9"},
          {"--bind", "localhost"},
          {"--colour", "red"},
          {"--port"}
        }) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int status =
          new CameraStreamExample(
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  action -> true,
                  stream -> {},
                  Path.of("/"))
              .run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
      String text = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, status, text);
      assertTrue(text.contains(args[0]), text);
      if (args.length > 1 && !args[0].equals("--colour")) {
        assertTrue(text.contains(args[1]), text);
      }
      assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
  }

  private static String nextClose(JdkPeer peer) throws InterruptedException {
    while (true) {
      Object m = peer.next();
      if (m instanceof String s && s.startsWith("close ")) {
        return s;
      }
    }
  }
}
