package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: Prometheus text that Debian's {@code promtool check metrics} accepts, with
 * the counters {@code /status} shows and bounded labels. CI installs promtool (package {@code
 * prometheus}) and sets {@code LIGHTWIRE_REQUIRE_PROMTOOL=1}, turning its absence into a failure.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=10"})
class MetricsTest {

  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void metricsAreValidPrometheusTextThatPromtoolAccepts(Lightwire lw) throws Exception {
    String text = get(lw, "/metrics", "text/plain; version=0.0.4; charset=utf-8");
    boolean installed = Files.isExecutable(PROMTOOL);
    if (!installed && "1".equals(System.getenv("LIGHTWIRE_REQUIRE_PROMTOOL"))) {
      throw new AssertionError("LIGHTWIRE_REQUIRE_PROMTOOL=1 but " + PROMTOOL + " is missing");
    }
    Assumptions.assumeTrue(
        installed, "needs Debian's promtool (apt-get install prometheus); skipped");
    Process promtool =
        new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, promtool.exitValue(), "promtool check metrics:\n" + verdict + "\n" + text);
    assertEquals("", verdict.strip(), "promtool has remarks:\n" + verdict);
  }

  @Test
  void metricsCarryTheStatusCountersWithBoundedLabelsAndNoSecret(Lightwire lw) throws Exception {
    String status = get(lw, "/status", "application/json");
    String text = get(lw, "/metrics", "text/plain; version=0.0.4; charset=utf-8");
    for (String family :
        new String[] {
          "lightwire_build_info{version=",
          "lightwire_uptime_seconds ",
          "lightwire_pool_capacity{pool=\"rx buffers\"} 32",
          "lightwire_pool_in_use{pool=\"app events\"} 0",
          "lightwire_connections_open ",
          "lightwire_connections_refused_total 0",
          "lightwire_connections_timed_out_total ",
          "lightwire_camera_frames_captured_total ",
          "lightwire_camera_frames_sent_total ",
          "lightwire_camera_frames_dropped_total{cause=\"slow_viewer\"} ",
          "lightwire_gpio_controls_applied_total 0",
          "lightwire_gpio_controls_refused_total 0",
          "lightwire_gpio_edges_total{bcm=\"22\"} ",
          "lightwire_app_queue_refusals_total 0",
          "lightwire_heap_used_bytes ",
        }) {
      assertTrue(text.contains(family), family + " in\n" + text);
    }
    // Labels come from fixed sets only: pools of the plan, GPIO numbers, causes, camera states,
    // build info.
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.contains("{")) {
        continue;
      }
      String labels = line.substring(line.indexOf('{') + 1, line.indexOf('}'));
      String name = labels.substring(0, labels.indexOf('='));
      assertTrue(
          name.equals("pool")
              || name.equals("bcm")
              || name.equals("cause")
              || name.equals("state")
              || name.equals("version"),
          "unexpected label in " + line);
    }
    assertFalse(text.contains(lw.accessToken()), "no token in /metrics");
    assertFalse(status.contains(lw.accessToken()), "no token in /status");
  }

  @Test
  void statusPrettyIsIndentedJsonWithTheSameFields(Lightwire lw) throws Exception {
    String pretty = get(lw, "/status?pretty", "application/json");
    assertTrue(pretty.startsWith("{\n  \"version\": "), pretty);
    assertTrue(pretty.contains("\n  \"board\": {\n    \"id\": \"emulated\","), pretty);
    assertTrue(pretty.contains("\n  \"pools\": [\n    {\n      \"name\": "), pretty);
    assertTrue(pretty.contains("\n      \"name\": \"rx buffers\",\n"), pretty);
    assertFalse(get(lw, "/status", "application/json").contains("\n"), "compact by default");
  }

  static String get(Lightwire lw, String path, String contentType) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(lw.baseUri() + path.substring(1)))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), path);
      assertEquals(contentType, response.headers().firstValue("Content-Type").orElse(""), path);
      return response.body();
    }
  }
}
