package io.lightwire.boards;

import java.util.List;

/**
 * Renders a board's 40-pin header as the two-column diagram printed on pinout cards: odd pins on
 * the left (functions right-aligned towards the pin), even pins on the right.
 */
public final class HeaderDiagram {

  private HeaderDiagram() {}

  /** The diagram, one line per pin pair, with a title, the facts and the source underneath. */
  public static String render(BoardDescriptor board) {
    int width = 0;
    for (HeaderPin p : board.header()) {
      if (p.physical() % 2 == 1) {
        width = Math.max(width, functions(p).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(board.name()).append(" (").append(board.id()).append("), ").append(board.soc());
    out.append('\n');
    out.append("40-pin header, pin 1 top left; functions besides plain GPIO:\n\n");
    String format = "%" + Math.max(1, width) + "s  %-6s %2d o o %-2d %-6s  %s";
    for (int i = 0; i < BoardDescriptor.HEADER_PINS; i += 2) {
      HeaderPin left = board.header().get(i);
      HeaderPin right = board.header().get(i + 1);
      out.append(
              String.format(
                      format,
                      functions(left),
                      left.label(),
                      left.physical(),
                      right.physical(),
                      right.label(),
                      functions(right))
                  .stripTrailing())
          .append('\n');
    }
    out.append('\n');
    line(out, "GPIO chip", board.gpioChipLabel());
    line(
        out,
        "PWM",
        String.join(
            ", ",
            board.pwmChannels().stream()
                .map(c -> c.function() + " on pin " + c.physical() + " (GPIO" + c.bcm() + ")")
                .toList()));
    line(out, "I2C buses", board.i2cBuses().toString());
    line(out, "SPI buses", board.spiBuses().toString());
    line(out, "UARTs", board.uarts().toString());
    line(out, "3V3 pins", board.pinsOfKind(PinKind.POWER_3V3).toString());
    line(out, "5V pins", board.pinsOfKind(PinKind.POWER_5V).toString());
    line(out, "GND pins", board.pinsOfKind(PinKind.GROUND).toString());
    line(out, "Cameras", String.join("; ", board.cameraConnectors()));
    line(out, "Network", String.join(", ", board.networkInterfaces()));
    line(
        out,
        "Model",
        board.modelPrefixes().isEmpty()
            ? "(not detected; chosen when no Pi is found)"
            : String.join(" | ", board.modelPrefixes()) + " ...");
    line(out, "Notes", board.notes());
    line(out, "Source", board.source());
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format("%-10s %s%n", key + ":", value));
  }

  private static String functions(HeaderPin p) {
    List<String> f = p.functions().stream().filter(x -> !x.equals(HeaderPin.GPIO)).toList();
    return String.join(",", f);
  }
}
