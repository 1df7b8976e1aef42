package io.lightwire.firmware.internal;

import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.HttpResponse;
import io.lightwire.websock.server.LogBudget;
import io.lightwire.websock.server.QueryDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Who may watch the camera ({@code camera.access}): anyone ({@link Mode#OPEN}), or a client that
 * shows the access token ({@link Mode#TOKEN}) as {@code Authorization: Bearer <token>}, as HTTP
 * Basic with the token as the password (any user name: what Home Assistant's MJPEG camera and VLC
 * send), or as {@code ?token=} (for an {@code <img>} or a URL pasted into a player). Wrong tokens
 * are rate-limited per peer address like the GPIO panel's ({@link WrongTokenLimiter}); log lines
 * name the peer, never a token. Service thread.
 */
final class CameraAccess {

  /** The {@code camera.access} values, {@code auto} resolved for the board. */
  enum Mode {
    OPEN,
    TOKEN
  }

  /** A missing or wrong token. */
  static final int UNAUTHORIZED = 401;

  /** Too many wrong tokens from the peer's address. */
  static final int TOO_MANY = 429;

  /** The challenge of a 401: Basic, so browsers, VLC and Home Assistant ask for a password. */
  static final String CHALLENGE = "Basic realm=\"lightwire camera\", charset=\"UTF-8\"";

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.camera");

  private final Mode mode;
  private final AccessToken token;
  private final LongSupplier nanoClock;
  private final WrongTokenLimiter limiter = new WrongTokenLimiter();
  private final LogBudget logBudget =
      LogBudget.perMinute(
          10, LOG, "camera: {0} more refused viewers not logged one by one (counted in /status)");
  private long refused;

  /** Who may watch in {@code mode}; the rate-limit and log windows run on {@code nanoClock}. */
  CameraAccess(Mode mode, AccessToken token, LongSupplier nanoClock) {
    this.mode = mode;
    this.token = token;
    this.nanoClock = nanoClock;
  }

  /**
   * {@code camera.access} for a board: {@code auto} is open on the emulated board (a demo on a
   * developer's machine) and token on a Pi (a camera on a network).
   */
  static Mode resolve(String configured, boolean emulatedBoard) {
    return switch (configured) {
      case "open" -> Mode.OPEN;
      case "token" -> Mode.TOKEN;
      default -> emulatedBoard ? Mode.OPEN : Mode.TOKEN;
    };
  }

  Mode mode() {
    return mode;
  }

  /** Requests refused for a missing or wrong token since boot. */
  long refused() {
    return refused;
  }

  /**
   * True when {@code request} may watch. When not, {@code response} holds the refusal: 401 with
   * {@code WWW-Authenticate} for a missing or wrong token, 429 when the peer guessed too often.
   */
  boolean admit(HttpRequest request, HttpResponse response) {
    int verdict = check(request);
    if (verdict == 0) {
      return true;
    }
    if (verdict == TOO_MANY) {
      response
          .status(TOO_MANY)
          .header("Retry-After", "10")
          .body("text/plain; charset=utf-8", "too many wrong tokens from your address\n");
      return false;
    }
    response
        .status(UNAUTHORIZED)
        .header("WWW-Authenticate", CHALLENGE)
        .header("Cache-Control", "no-store")
        .body(
            "text/plain; charset=utf-8",
            presented(request) == null
                ? "the camera needs the access token (Authorization: Bearer, HTTP Basic password"
                    + " or ?token=)\n"
                : "wrong token\n");
    return false;
  }

  /**
   * 0 when {@code request} may watch, else {@value #UNAUTHORIZED} (no token or a wrong one, counted
   * and logged) or {@value #TOO_MANY} (the peer guessed too often).
   */
  int check(HttpRequest request) {
    if (mode == Mode.OPEN) {
      return 0;
    }
    String candidate = presented(request);
    InetAddress peer = address(request.remoteAddress());
    long now = nanoClock.getAsLong();
    if (candidate != null && !limiter.mayTry(peer, now)) {
      refused++;
      return TOO_MANY;
    }
    if (candidate != null && token.matches(candidate)) {
      return 0;
    }
    refused++;
    if (candidate != null) {
      limiter.wrong(peer, now);
    }
    if (logBudget.take(now) > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "camera: {0} token from {1} for {2}",
          candidate == null ? "no" : "wrong",
          peer,
          request.path());
    }
    return UNAUTHORIZED;
  }

  /** The token the request shows, or null: Bearer, then Basic's password, then {@code ?token=}. */
  static String presented(HttpRequest request) {
    String bearer = AccessToken.bearer(request);
    if (bearer != null) {
      return bearer;
    }
    String authorization = request.header("Authorization");
    if (authorization != null) {
      String value = authorization.strip();
      if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
        return basicPassword(value.substring(6).strip());
      }
    }
    return QueryDecoder.parameter(request.query(), "token");
  }

  private static String basicPassword(String credentials) {
    try {
      String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return ""; // not base64: a wrong token, not a missing one
    }
  }

  private static InetAddress address(InetSocketAddress remote) {
    return remote == null ? InetAddress.getLoopbackAddress() : remote.getAddress();
  }
}
