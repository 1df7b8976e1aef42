package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.cli.LightwireCli;
import io.lightwire.testsupport.JdkMessages;
import io.lightwire.testsupport.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access token: {@code lightwire token --new} locks connections unlocked with the old one,
 * wrong tokens are rate-limited per peer and counted, and the token appears in no log line, in
 * neither {@code /status} nor {@code /metrics}.
 */
class TokenTest {

  @TempDir Path dir;

  @Test
  void tokenNewLocksConnectionsHoldingTheOldTokenAndTheNewOneUnlocks() throws Exception {
    try (OpsFirmware fw = OpsFirmware.boot(dir, "camera.enabled", "false");
        HttpClient http = HttpClient.newHttpClient()) {
      String old = fw.firmware.accessToken();
      JdkMessages messages = new JdkMessages();
      WebSocket ws = gpio(http, fw, messages);
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + old + "\"}", true).get(5, TimeUnit.SECONDS);
      assertTrue(next(messages, "\"type\":\"auth\"").contains("\"ok\":true"));
      ws.sendText("{\"type\":\"toggle\",\"bcm\":17}", true).get(5, TimeUnit.SECONDS);
      awaitLevel(fw, 17, true);

      Path config = dir.resolve("lightwire.properties");
      Files.writeString(config, "state.dir = " + dir.resolve("state") + "\n");
      StringWriter out = new StringWriter();
      int status =
          LightwireCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true),
              "token",
              "--new",
              "--config",
              config.toString());
      assertEquals(0, status, out.toString());
      String fresh = Files.readString(dir.resolve("state").resolve("access-token")).strip();
      assertNotEquals(old, fresh);
      assertTrue(out.toString().contains("#token=" + fresh), out.toString());

      long refused = fw.firmware.gpioControlsRefused();
      ws.sendText("{\"type\":\"toggle\",\"bcm\":17}", true).get(5, TimeUnit.SECONDS);
      String locked = next(messages, "\"type\":\"auth\"");
      assertTrue(locked.contains("\"ok\":false") && locked.contains("token was changed"), locked);
      assertEquals(refused + 1, fw.firmware.gpioControlsRefused());
      assertTrue(fw.firmware.emulatedHardware().orElseThrow().level(17), "unchanged");

      ws.sendText("{\"type\":\"auth\",\"token\":\"" + fresh + "\"}", true).get(5, TimeUnit.SECONDS);
      assertTrue(next(messages, "\"type\":\"auth\"").contains("\"ok\":true"));
      ws.sendText("{\"type\":\"toggle\",\"bcm\":17}", true).get(5, TimeUnit.SECONDS);
      awaitLevel(fw, 17, false);
      assertEquals(fresh, fw.firmware.accessToken());
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void wrongTokensAreRateLimitedPerPeerCountedAndNeverLogged() throws Exception {
    List<String> logged = new ArrayList<>();
    Handler capture = capture(logged);
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    ManualClock clock = new ManualClock();
    try (OpsFirmware fw = OpsFirmware.boot(dir, clock, "camera.enabled", "false");
        HttpClient http = HttpClient.newHttpClient()) {
      String token = fw.firmware.accessToken();
      JdkMessages messages = new JdkMessages();
      WebSocket ws = gpio(http, fw, messages);
      String guess = "wrong-" + "x".repeat(40);
      for (int i = 0; i < 5; i++) {
        ws.sendText("{\"type\":\"auth\",\"token\":\"" + guess + i + "\"}", true)
            .get(5, TimeUnit.SECONDS);
        String reply = next(messages, "\"type\":\"auth\"");
        assertTrue(reply.contains("\"ok\":false") && reply.contains("wrong token"), reply);
      }
      // The sixth attempt, even with the right token, waits: the peer has used its burst.
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
      String limited = next(messages, "\"type\":\"auth\"");
      assertTrue(limited.contains("\"ok\":false") && limited.contains("too many"), limited);

      String status = body(http, fw, "/status");
      assertTrue(status.contains("\"wrongTokens\":5"), status);
      assertTrue(status.contains("\"tokenAttemptsRateLimited\":1"), status);
      String metrics = body(http, fw, "/metrics");
      assertTrue(metrics.contains("lightwire_gpio_wrong_tokens_total 5"), metrics);
      assertTrue(metrics.contains("lightwire_gpio_token_attempts_rate_limited_total 1"), metrics);
      assertFalse(status.contains(token) || metrics.contains(token), "no token served");

      // One more attempt every 10 s: not a moment before.
      clock.advanceMillis(9_999);
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
      String stillLimited = next(messages, "\"type\":\"auth\"");
      assertTrue(stillLimited.contains("too many"), stillLimited);
      clock.advanceMillis(1);
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get(5, TimeUnit.SECONDS);
      String unlocked = next(messages, "\"type\":\"auth\"");
      assertTrue(unlocked.contains("\"ok\":true"), unlocked);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
      synchronized (logged) {
        assertTrue(
            logged.stream().anyMatch(l -> l.contains("wrong access token from")),
            "wrong tokens are logged: " + logged);
        for (String line : logged) {
          assertFalse(line.contains(token) || line.contains(guess), "a token in the log: " + line);
        }
      }
    } finally {
      root.removeHandler(capture);
    }
  }

  @Test
  void aFloodOfRefusedControlsLogsAtMostTenLinesAMinute() throws Exception {
    List<String> logged = new ArrayList<>();
    Handler capture = capture(logged);
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    int flood = 300;
    ManualClock clock = new ManualClock();
    try (OpsFirmware fw = OpsFirmware.boot(dir, clock, "camera.enabled", "false");
        HttpClient http = HttpClient.newHttpClient()) {
      JdkMessages messages = new JdkMessages();
      WebSocket ws = gpio(http, fw, messages);
      long refusedBefore = fw.firmware.gpioControlsRefused();
      for (int i = 0; i < flood; i++) {
        ws.sendText("{\"type\":\"toggle\",\"bcm\":17}", true).get(5, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (fw.firmware.gpioControlsRefused() < refusedBefore + flood) {
        assertTrue(System.nanoTime() < deadline, "not every toggle was refused and counted");
        Thread.sleep(10);
      }
      assertFalse(fw.firmware.emulatedHardware().orElseThrow().level(17), "no toggle applied");
      synchronized (logged) {
        long lines = logged.stream().filter(l -> l.contains("gpio: refused")).count();
        assertTrue(lines <= 10, lines + " lines for " + flood + " refused controls: a peer floods");
        assertTrue(lines >= 1, "refused controls are still logged: " + logged);
      }
      // The minute's budget is spent until the minute is over; then the left-out count is said.
      clock.advanceMillis(59_999);
      refuseTwoMore(fw, ws);
      assertEquals(0, countLines(logged, "not logged one by one"), "still the first minute");
      clock.advanceMillis(1);
      refuseTwoMore(fw, ws);
      assertEquals(1, countLines(logged, "more refused attempts not logged one by one"), "summed");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } finally {
      root.removeHandler(capture);
    }
  }

  /**
   * Sends two more toggles without the token and waits until both were refused and counted: the
   * service thread handles them in order, so the first one's log lines are written by then.
   */
  private static void refuseTwoMore(OpsFirmware fw, WebSocket ws) throws Exception {
    long before = fw.firmware.gpioControlsRefused();
    for (int i = 0; i < 2; i++) {
      ws.sendText("{\"type\":\"toggle\",\"bcm\":17}", true).get(5, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fw.firmware.gpioControlsRefused() < before + 2) {
      assertTrue(System.nanoTime() < deadline, "the toggles were not refused");
      Thread.sleep(5);
    }
  }

  private static long countLines(List<String> logged, String fragment) {
    synchronized (logged) {
      return logged.stream().filter(l -> l.contains(fragment)).count();
    }
  }

  /** A handler that keeps every record's formatted line in {@code logged}. */
  private static Handler capture(List<String> logged) {
    return new Handler() {
      private final SimpleFormatter format = new SimpleFormatter();

      @Override
      public void publish(LogRecord record) {
        synchronized (logged) {
          logged.add(format.format(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private static WebSocket gpio(HttpClient http, OpsFirmware fw, JdkMessages messages)
      throws Exception {
    WebSocket ws =
        http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + fw.firmware.port() + "/gpio"), messages)
            .get(5, TimeUnit.SECONDS);
    next(messages, "\"type\":\"pins\"");
    return ws;
  }

  private static String next(JdkMessages messages, String fragment) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String m = String.valueOf(messages.next(10));
      if (m.contains(fragment)) {
        return m;
      }
    }
    throw new AssertionError("no message with " + fragment);
  }

  private static void awaitLevel(OpsFirmware fw, int bcm, boolean level) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fw.firmware.emulatedHardware().orElseThrow().level(bcm) != level) {
      assertTrue(System.nanoTime() < deadline, "GPIO " + bcm + " never became " + level);
      Thread.sleep(10);
    }
  }

  private static String body(HttpClient http, OpsFirmware fw, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fw.firmware.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
