package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code camera.access=token}: the token as a bearer header, as HTTP Basic's password (what Home
 * Assistant's MJPEG camera sends) and as {@code ?token=}; a missing or wrong one gets 401 with
 * {@code WWW-Authenticate}.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.access=token"})
class CameraAccessTest {

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeClient() {
    http.close();
  }

  private HttpResponse<byte[]> snapshot(Lightwire lw, String query, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lw.port() + "/camera.jpg" + query))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutATokenTheCameraAnswers401WithABasicChallenge(Lightwire lw) throws Exception {
    HttpResponse<byte[]> response = snapshot(lw, "");
    assertEquals(401, response.statusCode());
    assertEquals(
        "Basic realm=\"lightwire camera\", charset=\"UTF-8\"",
        response.headers().firstValue("WWW-Authenticate").orElse(""));
    try (MjpegReader stream = new MjpegReader(lw.port(), "/camera.mjpg", "")) {
      String head = stream.head();
      assertEquals(401, MjpegReader.status(head));
      assertTrue(MjpegReader.header(head, "WWW-Authenticate").startsWith("Basic "));
    }
  }

  @Test
  void aWrongTokenGets401InEveryForm(Lightwire lw) throws Exception {
    assertEquals(401, snapshot(lw, "", "Authorization", "Bearer wrong-token").statusCode());
    assertEquals(401, snapshot(lw, "", "Authorization", basic("ha", "wrong")).statusCode());
    HttpResponse<byte[]> query = snapshot(lw, "?token=wrong");
    assertEquals(401, query.statusCode());
    assertEquals("wrong token\n", new String(query.body(), StandardCharsets.UTF_8));
    assertTrue(query.headers().firstValue("WWW-Authenticate").isPresent());
  }

  @Test
  void theTokenIsAcceptedAsBearerBasicPasswordAndQuery(Lightwire lw) throws Exception {
    String token = lw.accessToken();
    assertEquals(200, snapshot(lw, "", "Authorization", "Bearer " + token).statusCode());
    assertEquals(
        200, snapshot(lw, "", "Authorization", basic("homeassistant", token)).statusCode());
    assertEquals(
        200,
        snapshot(lw, "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).statusCode());
    try (MjpegReader stream =
        new MjpegReader(lw.port(), "/camera.mjpg", "Authorization: Bearer " + token + "\r\n")) {
      assertEquals(200, MjpegReader.status(stream.head()));
      assertTrue(stream.next("lightwire-frame").jpeg().length > 0);
    }
  }

  @Test
  void theWebSocketCameraNeedsTheTokenToo(Lightwire lw) throws Exception {
    assertEquals(401, RawUpgrade.status(lw.port(), "/camera"));
    assertEquals(401, RawUpgrade.status(lw.port(), "/camera?token=wrong"));
    String token = URLEncoder.encode(lw.accessToken(), StandardCharsets.UTF_8);
    assertEquals(101, RawUpgrade.status(lw.port(), "/camera?token=" + token));
  }
}
