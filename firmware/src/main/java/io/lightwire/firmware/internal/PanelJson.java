package io.lightwire.firmware.internal;

import io.lightwire.boards.BoardDescriptor;
import java.util.List;

/** The GPIO panel's JSON: the pins message its clients get, and its part of {@code /status}. */
final class PanelJson {

  private PanelJson() {}

  /** The whole header and the state of every opened pin, as the panel message. */
  static String pins(BoardDescriptor board, long version, List<PanelPin> pins) {
    Json json =
        new Json()
            .beginObject()
            .field("type", "pins")
            .field("board", board.id())
            .field("version", version)
            .beginArray("pins");
    for (PanelPin p : pins) {
      json.beginObject()
          .field("physical", p.header.physical())
          .field("label", p.header.label())
          .field("bcm", p.bcm())
          .field("mode", p.mode.json());
      switch (p.mode) {
        case OUTPUT, INPUT -> json.field("level", p.level);
        case PWM -> json.field("duty", p.duty).field("frequencyHz", p.frequencyHz);
        default -> {
          // nothing more to show
        }
      }
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  /** Writes the panel's part of {@code /status}, with the edge counters of every input. */
  static void status(
      Json json, int clients, long controlsApplied, PanelAuth auth, List<PanelPin> pins) {
    json.beginObject("gpio")
        .field("clients", clients)
        .field("controlsApplied", controlsApplied)
        .field("controlsRefused", auth.controlsRefused())
        .field("wrongTokens", auth.wrongTokens())
        .field("tokenAttemptsRateLimited", auth.rateLimited())
        .beginArray("inputs");
    for (PanelPin p : pins) {
      if (p.events != null) {
        EdgeEvent e = p.events;
        json.beginObject()
            .field("bcm", p.bcm())
            .field("edges", e.edges())
            .field("delivered", e.delivered())
            .field("coalesced", e.coalesced())
            .field("refused", e.refused())
            .endObject();
      }
    }
    json.endArray().endObject();
  }
}
