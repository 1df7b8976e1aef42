package io.lightwire.firmware.internal;

import io.lightwire.firmware.json.JsonMessage;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.Timeline;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.server.HttpRequest;
import io.lightwire.websock.server.LogBudget;
import io.lightwire.websock.server.Protocol;
import io.lightwire.websock.server.QueryDecoder;
import io.lightwire.websock.server.QueuePolicy;
import io.lightwire.websock.server.WebSocketConnection;
import io.lightwire.websock.server.WebSocketHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code hil} protocol: the emulated board's test API over WebSocket at {@code /hil}, so
 * hardware-in-the-loop tests can be written in any language against a running {@code lightwire
 * run}. Served only on the emulated board (a real board has no emulator to drive), and only to
 * clients that present the access token in the upgrade request ({@code Authorization: Bearer
 * <token>} or {@code ?token=<token>}); others get HTTP 401. Requests and replies are JSON text, one
 * reply per request, in order; docs/hil-protocol.md describes every operation.
 */
public final class HilService implements WebSocketHandler {

  /** The endpoint's path. */
  public static final String PATH = "/hil";

  /** The protocol's name (also accepted as a subprotocol). */
  public static final String PROTOCOL = "lightwire.hil";

  /** Most timeline entries in one reply; page with {@code since}. */
  static final int TIMELINE_PAGE = 256;

  private static final System.Logger LOG = System.getLogger("io.lightwire.firmware.hil");

  /** A peer can retry an upgrade as fast as it likes: 10 lines a minute, then a summary. */
  private final LogBudget logBudget =
      LogBudget.perMinute(10, LOG, "hil: {0} more refused upgrades not logged one by one");

  private final EmulatedHardware board;
  private final AccessToken token;
  private final LongSupplier nanoClock;
  private final Protocol protocol;
  private volatile long refusedUpgrades;

  /**
   * A service driving {@code board}, open to holders of {@code token}; its log budget for refused
   * upgrades runs on {@code nanoClock} ({@link System#nanoTime()} scale).
   */
  public HilService(EmulatedHardware board, AccessToken token, LongSupplier nanoClock) {
    this.board = board;
    this.token = token;
    this.nanoClock = nanoClock;
    this.protocol = new Protocol(PROTOCOL, PATH, this, QueuePolicy.REFUSE, 16, () -> null);
  }

  /** The protocol to add to the server's table. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * The upgrade check for this protocol: 0 to accept, 401 without the right token. Service thread.
   */
  public int checkUpgrade(HttpRequest request) {
    String presented = AccessToken.bearer(request);
    if (presented == null) {
      // A bad escape throws MalformedQueryException: the server answers 400 with the reason.
      presented = QueryDecoder.parameter(request.query(), "token");
    }
    if (token.matches(presented)) {
      return 0;
    }
    refusedUpgrades++;
    if (logBudget.take(nanoClock.getAsLong()) > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "hil: refused {0}: no valid access token",
          request.remoteAddress());
    }
    return 401;
  }

  /** Upgrades refused for want of the token. */
  public long refusedUpgrades() {
    return refusedUpgrades;
  }

  @Override
  public void onMessage(WebSocketConnection connection, boolean text, ByteBuffer payload) {
    if (!text) {
      connection.close(CloseCodes.UNSUPPORTED_DATA, "hil takes JSON text requests");
      return;
    }
    Json reply = new Json().beginObject();
    String op = "?";
    try {
      JsonMessage m = JsonMessage.parse(StandardCharsets.UTF_8.decode(payload));
      op = m.string("op");
      if (op == null) {
        throw new IllegalArgumentException("a request needs \"op\"");
      }
      reply.field("op", op);
      if (m.has("id")) {
        reply.field("id", m.string("id"));
      }
      handle(op, m, reply);
      reply.field("ok", true);
    } catch (RuntimeException e) {
      // Bad requests and emulator refusals (IllegalArgument/State) are answered, not fatal.
      reply =
          new Json().beginObject().field("op", op).field("ok", false).field("error", message(e));
    }
    connection.sendText(reply.endObject().toString());
  }

  private static String message(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private void handle(String op, JsonMessage m, Json reply) {
    switch (op) {
      case "drive" -> board.drive(m.integer("bcm"), m.flag("level"));
      case "undrive" -> board.undrive(m.integer("bcm"));
      case "level" -> {
        int bcm = m.integer("bcm");
        reply.field("bcm", bcm).field("level", board.level(bcm));
      }
      case "wire" -> board.wire(m.integer("from"), m.integer("to"));
      case "timeline" -> timeline(m.has("since") ? m.integer("since") : 0, reply);
      case "clear-timeline" -> board.timeline().clear();
      case "fault" -> fault(m);
      default ->
          throw new IllegalArgumentException(
              "unknown op "
                  + op
                  + "; known: drive, undrive, level, wire, timeline, clear-timeline, fault");
    }
  }

  private void timeline(int since, Json reply) {
    if (since < 0) {
      throw new IllegalArgumentException("since " + since + " must be >= 0");
    }
    List<Timeline.Entry> all = board.timeline().entries();
    int from = Math.min(since, all.size());
    int to = Math.min(all.size(), from + TIMELINE_PAGE);
    reply.field("next", to).field("more", to < all.size()).beginArray("entries");
    for (Timeline.Entry e : all.subList(from, to)) {
      reply
          .beginObject()
          .field("timeNanos", e.timeNanos())
          .field("device", e.device())
          .field("bcm", e.bcm())
          .field("kind", e.kind().name())
          .field("value", e.value())
          .endObject();
    }
    reply.endArray();
  }

  private void fault(JsonMessage m) {
    String fault = m.string("fault");
    boolean on = m.flag("on");
    switch (fault == null ? "" : fault) {
      case "camera-stall" -> board.stallCamera(on);
      case "link-down" -> board.setLink(m.string("iface"), !on);
      case "i2c-nack" -> board.nackI2c(m.integer("bus"), m.integer("address"), on);
      case "spi-error" -> board.failSpi(m.integer("bus"), m.integer("cs"), on);
      default ->
          throw new IllegalArgumentException(
              "unknown fault " + fault + "; known: camera-stall, link-down, i2c-nack, spi-error");
    }
  }
}
