package io.lightwire.firmware.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.websock.client.WebSocketClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Size, rate and quality change at run time with the token ({@code POST /camera/settings}): the
 * capture restarts at the new size, the firmware and its viewers' connections do not; a wrong token
 * gets 401, a bad value 400 with the reason.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=20"})
class CameraSettingsTest {

  private static HttpResponse<String> post(Lightwire lw, String token, String form)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(lw.baseUri().resolve("/camera/settings"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** The frame size in a baseline JPEG's SOF0 segment: {width, height}. */
  private static int[] size(byte[] jpeg, int length) {
    for (int i = 2; i + 8 < length; i++) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
        int h = (jpeg[i + 5] & 0xff) << 8 | jpeg[i + 6] & 0xff;
        int w = (jpeg[i + 7] & 0xff) << 8 | jpeg[i + 8] & 0xff;
        return new int[] {w, h};
      }
    }
    throw new AssertionError("no SOF0");
  }

  @Test
  void withTheTokenTheCaptureRestartsAtTheNewSizeAndTheViewerStaysConnected(Lightwire lw)
      throws Exception {
    WebSocketClient viewer = lw.connect("/camera");
    byte[] buffer = new byte[1 << 20];
    int n = Lightwire.receive(viewer, buffer, 5_000);
    assertEquals(160, size(buffer, n)[0]);
    int port = lw.port();

    HttpResponse<String> r = post(lw, lw.accessToken(), "width=320&height=240&fps=10&quality=60");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("{\"width\":320,\"height\":240,\"fps\":10,\"quality\":60}", r.body());

    int[] got = {0, 0};
    for (int i = 0; i < 50 && got[0] != 320; i++) {
      n = Lightwire.receive(viewer, buffer, 5_000);
      assertTrue(n > 0, "the same viewer goes on getting frames");
      got = size(buffer, n);
    }
    assertEquals(320, got[0]);
    assertEquals(240, got[1]);
    assertEquals(port, lw.port());
    CameraStatus s = CameraStatus.read(lw);
    assertEquals(320, s.number("width"));
    assertEquals(240, s.number("height"));
    assertEquals(10, s.number("fps"));
    assertEquals(60, s.number("quality"));
    assertEquals(2, s.number("starts"), "the capture restarted once: " + s.json());
  }

  @Test
  void aWrongOrMissingTokenIsRefusedWith401(Lightwire lw) throws Exception {
    HttpResponse<String> wrong = post(lw, "not-the-token", "fps=5");
    assertEquals(401, wrong.statusCode());
    assertTrue(
        wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
        wrong.headers().map().toString());
    assertEquals(401, post(lw, null, "fps=5").statusCode());
    assertEquals(20, CameraStatus.read(lw).number("fps"), "nothing changed");
  }

  @Test
  void badValuesGet400WithTheReason(Lightwire lw) throws Exception {
    String token = lw.accessToken();
    HttpResponse<String> fps = post(lw, token, "fps=0");
    assertEquals(400, fps.statusCode());
    assertEquals("fps '0' is not a whole number from 1 to 120 (as camera.fps)\n", fps.body());
    HttpResponse<String> width = post(lw, token, "width=wide");
    assertEquals(400, width.statusCode());
    assertTrue(width.body().startsWith("width 'wide' is not a whole number"), width.body());
    HttpResponse<String> unknown = post(lw, token, "fps=5&zoom=2");
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.body().startsWith("unknown parameter 'zoom'"), unknown.body());
    HttpResponse<String> empty = post(lw, token, "");
    assertEquals(400, empty.statusCode());
    assertEquals(20, CameraStatus.read(lw).number("fps"), "nothing changed");
  }
}
