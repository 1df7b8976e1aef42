package io.lightwire.firmware.internal;

import io.lightwire.firmware.config.ConfigKey;
import io.lightwire.hal.CameraConfig;
import io.lightwire.websock.server.HttpHandler;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.LogBudget;
import io.lightwire.websock.server.QueryDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Changes the camera's size, rate and quality at run time: {@code POST /camera/settings} with the
 * access token ({@code Authorization: Bearer TOKEN}) and a form body such as {@code
 * width=1280&height=720&fps=15&quality=80} (any of the four). The capture restarts with them, the
 * firmware does not; they last until the next boot (the config file is not written). {@code GET}
 * answers the current ones. Answers: 200 with the settings as JSON, 400 naming the parameter, the
 * value and what is allowed, 401 with {@code WWW-Authenticate} for a missing or wrong token (wrong
 * ones are rate-limited per address), 405 for other methods. Other paths go to {@code next}.
 * Service thread.
 */
public final class CameraSettingsHandler implements HttpHandler {

  /** Where the settings are read and changed. */
  public static final String PATH = "/camera/settings";

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.camera");

  private static final List<String> NAMES = List.of("width", "height", "fps", "quality");

  private static final List<ConfigKey> KEYS =
      List.of(
          ConfigKey.CAMERA_WIDTH,
          ConfigKey.CAMERA_HEIGHT,
          ConfigKey.CAMERA_FPS,
          ConfigKey.CAMERA_QUALITY);

  private final CameraService camera;
  private final AccessToken token;
  private final HttpHandler next;
  private final LongSupplier nanoClock;
  private final WrongTokenLimiter limiter = new WrongTokenLimiter();

  /** A peer can send wrong tokens as fast as it likes: 10 lines a minute. */
  private final LogBudget logBudget =
      LogBudget.perMinute(
          10, LOG, "camera: {0} more refused settings changes not logged one by one");

  /**
   * @param camera the camera service whose capture the settings change
   * @param token the access token a change must present
   * @param next the handler for every other path
   * @param nanoClock the firmware's clock ({@link System#nanoTime()} scale) for the wrong-token
   *     windows
   */
  public CameraSettingsHandler(
      CameraService camera, AccessToken token, HttpHandler next, LongSupplier nanoClock) {
    this.camera = camera;
    this.token = token;
    this.next = next;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onRequest(HttpRequest request, HttpResponse response) {
    if (!request.path().equals(PATH)) {
      next.onRequest(request, response);
      return;
    }
    response.header("Cache-Control", "no-store");
    String method = request.method();
    if (method.equals("GET") || method.equals("HEAD")) {
      settings(response, camera.config());
      return;
    }
    if (!method.equals("POST")) {
      text(response.status(405).header("Allow", "GET, HEAD, POST"), "method not allowed\n");
      return;
    }
    InetAddress peer = request.remoteAddress().getAddress();
    long now = nanoClock.getAsLong();
    if (!limiter.mayTry(peer, now)) {
      refuse(response, peer, now, "too many wrong tokens from your address; try again in a minute");
      return;
    }
    if (!token.matches(AccessToken.bearer(request))) {
      limiter.wrong(peer, now);
      refuse(response, peer, now, "changing camera settings needs the access token");
      return;
    }
    CameraConfig next;
    try {
      next = parse(request, camera.config());
    } catch (IllegalArgumentException e) {
      // MalformedQueryException (a bad escape) is one too: the reason names it.
      text(response.status(400), e.getMessage() + "\n");
      return;
    }
    camera.reconfigure(next);
    LOG.log(
        System.Logger.Level.INFO,
        "camera: {0}x{1} at {2} fps, quality {3}, set by {4}",
        next.width(),
        next.height(),
        next.frameRate(),
        next.quality(),
        peer);
    settings(response, next);
  }

  private void refuse(HttpResponse response, InetAddress peer, long now, String reason) {
    if (logBudget.take(now) > 0) {
      LOG.log(System.Logger.Level.WARNING, "camera: settings change from {0} refused", peer);
    }
    response.status(401).header("WWW-Authenticate", "Bearer realm=\"lightwire\"");
    text(response, reason + "\n");
  }

  /**
   * The config {@code request}'s form body asks for, over {@code now}.
   *
   * @throws IllegalArgumentException naming the parameter, the value and what is allowed
   */
  static CameraConfig parse(HttpRequest request, CameraConfig now) {
    String form = StandardCharsets.UTF_8.decode(request.body().duplicate()).toString().strip();
    if (form.isEmpty()) {
      throw new IllegalArgumentException(
          "expected a form body with any of " + String.join(", ", NAMES) + ", like fps=15");
    }
    QueryDecoder.check(form);
    for (String part : form.split("&")) {
      String name = QueryDecoder.decodeComponent(part.split("=", 2)[0]);
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown parameter '" + name + "'; expected any of " + String.join(", ", NAMES));
      }
    }
    int[] values = {now.width(), now.height(), now.frameRate(), now.quality()};
    for (int i = 0; i < NAMES.size(); i++) {
      String text = QueryDecoder.parameter(form, NAMES.get(i));
      if (text != null) {
        values[i] = number(NAMES.get(i), text, KEYS.get(i));
      }
    }
    return now.withFormat(values[0], values[1], values[2], values[3]);
  }

  private static int number(String name, String text, ConfigKey key) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = Long.MIN_VALUE;
    }
    if (value < key.min() || value > key.max()) {
      throw new IllegalArgumentException(
          name + " '" + text + "' is not " + key.rule() + " (as " + key.key() + ")");
    }
    return (int) value;
  }

  private static void settings(HttpResponse response, CameraConfig c) {
    response.body(
        "application/json",
        new Json()
            .beginObject()
            .field("width", c.width())
            .field("height", c.height())
            .field("fps", c.frameRate())
            .field("quality", c.quality())
            .endObject()
            .toString());
  }

  private static void text(HttpResponse response, String text) {
    response.body("text/plain; charset=utf-8", text);
  }
}
