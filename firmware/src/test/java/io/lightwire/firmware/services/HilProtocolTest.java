package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Endpoint;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.client.WebSocketClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code hil} protocol at {@code /hil}, as docs/hil-protocol.md describes it. The camera runs
 * always: an injected stall only shows on a camera that captures, and with capture on demand it
 * would be stopped here, where nobody watches.
 */
@LightwireTest(
    config = {"camera.width=160", "camera.height=120", "camera.fps=10", "camera.always-on=true"})
class HilProtocolTest {

  @Test
  void withoutTheTokenTheUpgradeIsRefusedWith401(Lightwire lw) {
    HandshakeException e =
        assertThrows(
            HandshakeException.class,
            () -> WebSocketClient.open(ClientConfig.of("ws://127.0.0.1:" + lw.port() + "/hil")));
    assertEquals(401, e.status(), e.getMessage());
    assertThrows(
        HandshakeException.class,
        () ->
            WebSocketClient.open(
                ClientConfig.of("ws://127.0.0.1:" + lw.port() + "/hil?token=wrong")));
  }

  @Test
  void aBadPercentEscapeInTheQueryIsA400WithTheReasonNotAnError(Lightwire lw) throws Exception {
    java.util.logging.Logger lightwire = java.util.logging.Logger.getLogger("io.lightwire");
    java.util.List<java.util.logging.LogRecord> severe =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler recorder =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
              severe.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    lightwire.addHandler(recorder);
    try {
      for (String target : new String[] {"/hil?token=%zz", "/hil?token=abc%", "/hil?token=%4"}) {
        String head = RawUpgrade.head(lw.port(), target);
        assertTrue(head.startsWith("HTTP/1.1 400 "), target + ": " + head);
        assertTrue(head.contains("malformed query"), target + ": " + head);
      }
    } finally {
      lightwire.removeHandler(recorder);
    }
    assertTrue(severe.isEmpty(), "nothing logged as an error: " + severe.size());
  }

  @Test
  void theTokenInTheQueryIsAcceptedToo(Lightwire lw) throws Exception {
    try (WebSocketClient hil =
        WebSocketClient.open(
            ClientConfig.of("ws://127.0.0.1:" + lw.port() + "/hil?token=" + lw.accessToken()))) {
      assertTrue(Lightwire.request(hil, "{\"op\":\"level\",\"bcm\":17}").contains("\"ok\":true"));
    }
  }

  @Test
  void drivingAnInputIsSeenByTheFirmwareAndInTheTimeline(
      @Endpoint("/hil") WebSocketClient hil, EmulatedHardware board) throws Exception {
    String reply =
        Lightwire.request(hil, "{\"op\":\"drive\",\"bcm\":22,\"level\":true,\"id\":\"a\"}");
    assertEquals("{\"op\":\"drive\",\"id\":\"a\",\"ok\":true}", reply);
    assertEquals(
        "{\"op\":\"level\",\"bcm\":22,\"level\":true,\"ok\":true}",
        Lightwire.request(hil, "{\"op\":\"level\",\"bcm\":22}"));
    String timeline = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!timeline.contains("INPUT_EDGE") && System.nanoTime() < deadline) {
      timeline = Lightwire.request(hil, "{\"op\":\"timeline\",\"since\":0}");
    }
    assertTrue(
        timeline.contains("\"device\":\"gpio22\",\"bcm\":22,\"kind\":\"INPUT_EDGE\",\"value\":1"),
        timeline);
    assertTrue(board.level(22));
  }

  @Test
  void faultsAreInjectedAndBadRequestsAnsweredNotFatal(Lightwire lw) throws Exception {
    WebSocketClient hil = lw.connect("/hil");
    assertTrue(
        Lightwire.request(hil, "{\"op\":\"fault\",\"fault\":\"camera-stall\",\"on\":true}")
            .contains("\"ok\":true"));
    String status = "";
    try (HttpClient http = HttpClient.newHttpClient()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!status.contains("\"stalled\":true") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status =
            http.send(
                    HttpRequest.newBuilder(URI.create(lw.baseUri() + "status")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      }
    }
    assertTrue(status.contains("\"stalled\":true"), status);
    String bad = Lightwire.request(hil, "{\"op\":\"explode\"}");
    assertTrue(bad.contains("\"ok\":false") && bad.contains("unknown op explode"), bad);
    String notJson = Lightwire.request(hil, "drive 22");
    assertTrue(notJson.contains("\"ok\":false") && notJson.contains("bad JSON"), notJson);
    assertTrue(
        Lightwire.request(
                hil, "{\"op\":\"fault\",\"fault\":\"link-down\",\"iface\":\"eth0\",\"on\":true}")
            .contains("\"ok\":true"));
    assertTrue(
        lw.firmware().hardware().network().interfaces().stream()
            .anyMatch(i -> i.name().equals("eth0") && !i.up()));
  }
}
