package io.lightwire.firmware.internal;

import io.lightwire.websock.server.LogBudget;
import io.lightwire.websock.server.WebSocketConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Who may change pins on the GPIO panel: a connection that sent the current access token. Wrong
 * tokens are counted and rate-limited per peer address ({@link WrongTokenLimiter}); a connection
 * unlocked with a token that has since been replaced ({@code lightwire token --new}) is locked
 * again at its next attempt and told why. Log lines name the peer, never a token. Service thread.
 */
final class PanelAuth {

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.gpio");

  /** What a locked connection's control attempt is told (an {@code error} reply). */
  static final String NEEDS_TOKEN =
      "changing pins needs the access token (send {\"type\":\"auth\"})";

  static final String ROTATED = "locked: the access token was changed; enter the new one";
  static final String WRONG = "wrong token";
  static final String SLOW_DOWN = "too many wrong tokens from your address; try again in a minute";

  private final AccessToken token;
  private final LongSupplier nanoClock;
  private final WrongTokenLimiter limiter = new WrongTokenLimiter();

  /** A peer can send refused controls and wrong tokens as fast as it likes: 10 lines a minute. */
  private final LogBudget logBudget =
      LogBudget.perMinute(
          10, LOG, "gpio: {0} more refused attempts not logged one by one (counted in /status)");

  private volatile long controlsRefused;

  /** Checks against {@code token}; the rate-limit and log windows run on {@code nanoClock}. */
  PanelAuth(AccessToken token, LongSupplier nanoClock) {
    this.token = token;
    this.nanoClock = nanoClock;
  }

  /** Handles {@code {"type":"auth"}}: checks the token (unless the peer must wait) and replies. */
  void authorize(PanelClient c, String candidate) {
    InetAddress peer = address(c.connection);
    long now = nanoClock.getAsLong();
    String reason = null;
    if (!limiter.mayTry(peer, now)) {
      c.authorized = false;
      controlsRefused++;
      reason = SLOW_DOWN;
      if (logBudget.take(now) > 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "gpio: token attempt from {0} refused: rate limited",
            peer);
      }
    } else if (token.matches(candidate)) {
      c.authorized = true;
      c.tokenGeneration = token.generation();
    } else {
      c.authorized = false;
      controlsRefused++;
      limiter.wrong(peer, now);
      reason = WRONG;
      if (logBudget.take(now) > 0) {
        LOG.log(System.Logger.Level.WARNING, "gpio: wrong access token from {0}", peer);
      }
    }
    reply(c.connection, c.authorized, reason);
  }

  /**
   * True when {@code c} may apply the control {@code type} now. When not, the attempt is counted
   * and logged, and the connection is told why (and, after a rotation, that it is locked).
   */
  boolean mayControl(PanelClient c, String type) {
    if (c.authorized && token.stillValid(c.tokenGeneration)) {
      return true;
    }
    controlsRefused++;
    boolean rotated = c.authorized;
    c.authorized = false;
    if (logBudget.take(nanoClock.getAsLong()) > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "gpio: refused ''{0}'' from {1}: {2}",
          type,
          address(c.connection),
          rotated ? "the access token was changed" : "no valid access token on this connection");
    }
    if (rotated) {
      reply(c.connection, false, ROTATED); // the page shows itself locked again
    }
    c.connection.sendText(
        new Json()
            .beginObject()
            .field("type", "error")
            .field("message", NEEDS_TOKEN)
            .endObject()
            .toString());
    return false;
  }

  /** Control attempts refused for want of the current token, and token attempts refused. */
  long controlsRefused() {
    return controlsRefused;
  }

  /** Wrong tokens presented since boot. */
  long wrongTokens() {
    return limiter.wrongAttempts();
  }

  /** Token attempts refused unchecked because the peer had made too many wrong ones. */
  long rateLimited() {
    return limiter.limitedAttempts();
  }

  private static void reply(WebSocketConnection connection, boolean ok, String reason) {
    Json json = new Json().beginObject().field("type", "auth").field("ok", ok);
    if (reason != null) {
      json.field("message", reason);
    }
    connection.sendText(json.endObject().toString());
  }

  private static InetAddress address(WebSocketConnection connection) {
    InetSocketAddress remote = connection.remoteAddress();
    return remote == null ? InetAddress.getLoopbackAddress() : remote.getAddress();
  }
}
