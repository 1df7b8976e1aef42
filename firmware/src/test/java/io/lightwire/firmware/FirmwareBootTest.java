package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the whole firmware in-process on the emulated board, as {@code lightwire run} does. */
class FirmwareBootTest {

  @TempDir Path root;

  private FirmwareConfig loopbackConfig() throws Exception {
    return FirmwareConfig.defaults()
        .with(
            Map.of(
                "server.port",
                "0",
                "server.bind",
                "127.0.0.1",
                "state.dir",
                root.resolve("state").toString(),
                "camera.enabled",
                "false"),
            "in the test");
  }

  @Test
  void bootServesStatusPageAndJsonThenStopsWithEveryPoolAtZero() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Firmware firmware =
        Firmware.boot(
            loopbackConfig(), new PrintStream(printed, true, StandardCharsets.UTF_8), root);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      String report = printed.toString(StandardCharsets.UTF_8);
      assertTrue(report.contains("memory plan:"), report);
      assertTrue(report.matches("(?s).*rx buffers\\s+32\\s+16\\.0 KiB\\s+512\\.0 KiB.*"), report);
      assertTrue(report.contains("http://localhost:" + firmware.port() + "/"), report);

      HttpResponse<String> live = get(http, firmware, "/");
      assertEquals(200, live.statusCode());
      assertTrue(live.body().contains("<canvas id=\"camera\""), "the live page is served at /");

      HttpResponse<String> page = get(http, firmware, "/status.html");
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(page.body().contains("<strong id=\"board\">Emulated board (in memory)</strong>"));
      for (Pool pool : firmware.pools()) {
        assertTrue(page.body().contains("<td>" + pool.name() + "</td>"), pool.name());
      }

      HttpResponse<String> status = get(http, firmware, "/status");
      assertEquals(200, status.statusCode());
      assertEquals("application/json", status.headers().firstValue("Content-Type").orElse(""));
      String json = status.body();
      assertTrue(json.contains("\"board\":{\"id\":\"emulated\""), json);
      assertTrue(json.contains("\"uptimeMillis\":"), json);
      assertTrue(
          json.contains("{\"name\":\"rx buffers\",\"capacity\":32,\"inUse\":1,"),
          "this request's own connection holds one rx buffer: " + json);
      assertTrue(json.contains("{\"name\":\"app events\",\"capacity\":256,\"inUse\":0,"), json);
      assertTrue(json.contains("\"connections\":{\"open\":1,\"max\":32"), json);

      assertEquals(404, get(http, firmware, "/missing").statusCode());
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(uri(firmware, "/status"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    } finally {
      firmware.close();
    }
    for (Pool pool : firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
    assertTrue(!firmware.hardware().isOpen(), "hardware closed");
  }

  @Test
  void theAccessTokenIsPrintedAtTheBootThatGeneratesItOnly() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    String token;
    try (Firmware firmware =
        Firmware.boot(
            loopbackConfig(), new PrintStream(first, true, StandardCharsets.UTF_8), root)) {
      token = firmware.accessToken();
    }
    String report = first.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("access token (printed this once; stored in "), report);
    assertTrue(report.contains("/#token=" + token), report);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (Firmware firmware =
        Firmware.boot(
            loopbackConfig(), new PrintStream(second, true, StandardCharsets.UTF_8), root)) {
      assertEquals(token, firmware.accessToken(), "read back from the state directory");
    }
    String again = second.toString(StandardCharsets.UTF_8);
    assertTrue(!again.contains(token), again);
    assertTrue(again.contains("access token: stored in "), again);
  }

  @Test
  void aPanelPinWithoutHardwarePwmStopsBootNamingTheKeyAndThePin() throws Exception {
    FirmwareConfig config = loopbackConfig().with(ConfigKey.GPIO_PWM, "23", "in the test");
    BootException e = assertThrows(BootException.class, () -> Firmware.boot(config, quiet(), root));
    assertTrue(e.getMessage().contains("'gpio.pwm' (23)"), e.getMessage());
    assertTrue(e.getMessage().contains("GPIO 23 has no hardware PWM"), e.getMessage());
  }

  @Test
  void aBadGpioListIsAConfigError() {
    assertThrows(
        io.lightwire.firmware.config.ConfigException.class,
        () -> loopbackConfig().with(ConfigKey.GPIO_OUTPUTS, "17;27", "in the test"));
  }

  @Test
  void thePlanFollowsTheConfig() throws Exception {
    FirmwareConfig config =
        loopbackConfig().with(ConfigKey.SERVER_MAX_CONNECTIONS, "4", "in the test");
    try (Firmware firmware = Firmware.boot(config, quiet(), root)) {
      assertEquals(4, firmware.pools().get(0).capacity());
      assertEquals(4, firmware.plan().entry(MemoryPlan.TX_BUFFERS).count());
    }
  }

  @Test
  void aBusyPortStopsBootWithAMessageNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      FirmwareConfig config =
          loopbackConfig()
              .with(ConfigKey.SERVER_PORT, Integer.toString(taken.getLocalPort()), "in the test");
      BootException e =
          assertThrows(BootException.class, () -> Firmware.boot(config, quiet(), root));
      assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().toLowerCase().contains("in use"), e.getMessage());
    }
  }

  @Test
  void anUnknownBoardIdIsRefusedBeforeBootListingTheKnownOnes() throws Exception {
    // Checked with the rest of the config (exit 2 in `run`, like every bad value), so boot never
    // sees it.
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> loopbackConfig().with(ConfigKey.BOARD, "pi99", "in the test"));
    assertTrue(e.getMessage().contains("unknown board 'pi99'"), e.getMessage());
    assertTrue(e.getMessage().contains("emulated"), e.getMessage());
  }

  @Test
  void withoutADeviceTreeTheEmulatedBoardIsChosen() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    try (Firmware firmware = Firmware.boot(loopbackConfig(), quiet(), root)) {
      assertTrue(firmware.board().emulated());
      assertEquals("emulated", firmware.hardware().kind());
    }
  }

  @Test
  void theApplicationThreadRunsPostedEventsInOrder() throws Exception {
    try (Firmware firmware = Firmware.boot(loopbackConfig(), quiet(), root)) {
      StringBuffer seen = new StringBuffer();
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 5; i++) {
        int n = i;
        assertTrue(firmware.applicationThread().post(() -> seen.append(n)));
      }
      firmware.applicationThread().post(done::countDown);
      assertTrue(done.await(5, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("01234", seen.toString());
      assertEquals("lightwire-app", nameOfAppThread(firmware));
    }
  }

  private static String nameOfAppThread(Firmware firmware) throws Exception {
    java.util.concurrent.CompletableFuture<String> name =
        new java.util.concurrent.CompletableFuture<>();
    firmware.applicationThread().post(() -> name.complete(Thread.currentThread().getName()));
    return name.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static URI uri(Firmware firmware, String path) {
    return URI.create("http://127.0.0.1:" + firmware.port() + path);
  }

  private static HttpResponse<String> get(HttpClient http, Firmware firmware, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(firmware, path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
