package io.lightwire.firmware.internal;

import io.lightwire.firmware.json.JsonMessage;
import io.lightwire.websock.server.WebSocketConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The GPIO panel's incoming messages ({@code auth}, {@code status}, {@code set}, {@code toggle},
 * {@code pwm}): parsed with the strict codec, checked against the pins and the access token on the
 * service thread, then posted to the application thread as a change of {@link GpioPins}. Every
 * refusal is answered with {@code {"type":"error","message":...}} naming what was wrong.
 */
final class PanelControl {

  private PanelControl() {}

  /** Service thread: handles one message of {@code connection}. */
  static void handle(
      GpioPanel panel, WebSocketConnection connection, boolean text, ByteBuffer payload) {
    PanelClient c = connection.state();
    if (!text) {
      reply(connection, "the panel takes JSON text messages");
      return;
    }
    JsonMessage m;
    String type;
    try {
      m = JsonMessage.parse(StandardCharsets.UTF_8.decode(payload));
      type = m.string("type");
    } catch (IllegalArgumentException e) {
      reply(connection, e.getMessage());
      return;
    }
    if ("auth".equals(type)) {
      panel.auth().authorize(c, token(m));
      return;
    }
    if ("status".equals(type)) {
      // The page reads the status here, so that a tab needs no HTTP connection besides its two
      // WebSockets (camera and this panel).
      connection.sendText("{\"type\":\"status\",\"status\":" + panel.statusJson() + "}");
      return;
    }
    if (!"set".equals(type) && !"toggle".equals(type) && !"pwm".equals(type)) {
      reply(connection, "unknown type " + type + "; known: auth, status, set, toggle, pwm");
      return;
    }
    if (!panel.auth().mayControl(c, type)) {
      return;
    }
    try {
      if (!panel.apply(change(panel.pins(), type, m))) {
        reply(connection, "the application queue is full; try again");
      }
    } catch (IllegalArgumentException e) {
      reply(connection, e.getMessage());
    }
  }

  private static String token(JsonMessage m) {
    try {
      return m.string("token");
    } catch (IllegalArgumentException e) {
      return null; // a token of the wrong type is a wrong token
    }
  }

  /**
   * The change a control message asks for, checked now so the sender hears what was wrong; it runs
   * later on the application thread.
   */
  private static Runnable change(GpioPins pins, String type, JsonMessage m) {
    int bcm = m.integer("bcm");
    return switch (type) {
      case "set" -> {
        pins.pin(bcm, PanelPin.Mode.OUTPUT);
        boolean level = m.flag("level");
        yield () -> pins.write(bcm, level);
      }
      case "toggle" -> {
        pins.pin(bcm, PanelPin.Mode.OUTPUT);
        yield () -> pins.write(bcm, !pins.level(bcm));
      }
      default -> {
        pins.pin(bcm, PanelPin.Mode.PWM);
        double duty = m.number("duty");
        GpioPins.checkDuty(duty);
        yield () -> pins.writeDuty(bcm, duty);
      }
    };
  }

  private static void reply(WebSocketConnection connection, String message) {
    connection.sendText(
        new Json()
            .beginObject()
            .field("type", "error")
            .field("message", message)
            .endObject()
            .toString());
  }
}
