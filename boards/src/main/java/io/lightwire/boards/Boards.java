package io.lightwire.boards;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The catalogue of known boards and detection of the board we run on. */
public final class Boards {

  private static final String DOCS_GPIO =
      "Raspberry Pi documentation, 'GPIO and the 40-pin header'"
          + " (raspberrypi.com/documentation/computers/raspberry-pi.html#gpio)";

  private static final String BCM2835_TABLE =
      "BCM2835 ARM Peripherals, section 6.2 'Alternative Function Assignments'";

  /** The in-memory board, chosen when no Raspberry Pi is detected. */
  public static final BoardDescriptor EMULATED =
      new BoardDescriptor(
          "emulated",
          "Emulated board (in memory)",
          List.of(),
          true,
          "none (Java, in memory)",
          Header40.build(Header40.COMMON, Header40.BCM283X),
          "emulated",
          List.of("synthetic (MJPEG, any size)"),
          List.of("lo", "eth0", "wlan0"),
          "Mirrors the Raspberry Pi 4 B header so configs written on a PC carry over.",
          "Lightwire's emulated board (hal module); header as " + DOCS_GPIO);

  /** Raspberry Pi 3 Model B+. */
  public static final BoardDescriptor PI3BPLUS =
      new BoardDescriptor(
          "pi3bplus",
          "Raspberry Pi 3 Model B+",
          List.of("Raspberry Pi 3 Model B Plus"),
          false,
          "BCM2837B0",
          Header40.build(Header40.COMMON, Header40.BCM283X),
          "pinctrl-bcm2835",
          List.of("CAMERA (MIPI CSI-2, 2-lane, 15-pin)"),
          List.of("eth0", "wlan0"),
          "Hardware PWM needs dtoverlay=pwm or pwm-2chan; Ethernet is USB 2.0 attached (300 Mb/s).",
          DOCS_GPIO + "; " + BCM2835_TABLE + "; Raspberry Pi 3 Model B+ product brief");

  /** Raspberry Pi 4 Model B. */
  public static final BoardDescriptor PI4B =
      new BoardDescriptor(
          "pi4b",
          "Raspberry Pi 4 Model B",
          List.of("Raspberry Pi 4 Model B"),
          false,
          "BCM2711",
          Header40.build(Header40.COMMON, Header40.BCM283X, Header40.BCM2711_EXTRA),
          "pinctrl-bcm2711",
          List.of("CAMERA (MIPI CSI-2, 2-lane, 15-pin)"),
          List.of("eth0", "wlan0"),
          "Hardware PWM needs dtoverlay=pwm or pwm-2chan; I2C3-6, UART2-5, SPI3-6 need their"
              + " overlays.",
          DOCS_GPIO
              + "; BCM2711 ARM Peripherals, section 5.3 'Alternative Function Assignments';"
              + " Raspberry Pi 4 Model B product brief");

  /** Raspberry Pi 5. */
  public static final BoardDescriptor PI5 =
      new BoardDescriptor(
          "pi5",
          "Raspberry Pi 5",
          List.of("Raspberry Pi 5 Model B"),
          false,
          "BCM2712 + RP1",
          Header40.build(Header40.COMMON, Header40.PWM_RP1),
          "pinctrl-rp1",
          List.of("CAM/DISP 0 (MIPI, 4-lane, 22-pin)", "CAM/DISP 1 (MIPI, 4-lane, 22-pin)"),
          List.of("eth0", "wlan0"),
          "GPIOs are on RP1 (gpiochip label pinctrl-rp1; gpiochip4 before kernel 6.6.45, gpiochip0"
              + " since). Hardware PWM needs dtoverlay=pwm-2chan; its sysfs pwmchip is found by"
              + " the RP1 device, not by number.",
          DOCS_GPIO
              + "; RP1 peripherals datasheet, GPIO function table; Raspberry Pi 5 product brief");

  /** Raspberry Pi Zero 2 W. */
  public static final BoardDescriptor ZERO2W =
      new BoardDescriptor(
          "zero2w",
          "Raspberry Pi Zero 2 W",
          List.of("Raspberry Pi Zero 2 W"),
          false,
          "RP3A0 (BCM2710A1)",
          Header40.build(Header40.COMMON, Header40.BCM283X),
          "pinctrl-bcm2835",
          List.of("CAMERA (MIPI CSI-2, 2-lane, 22-pin mini)"),
          List.of("wlan0"),
          "No Ethernet; the header is unpopulated (solder a 2x20 pin header).",
          DOCS_GPIO + "; " + BCM2835_TABLE + "; Raspberry Pi Zero 2 W product brief");

  /** Raspberry Pi Compute Module 4 (on the CM4 IO Board). */
  public static final BoardDescriptor CM4 =
      new BoardDescriptor(
          "cm4",
          "Raspberry Pi Compute Module 4",
          List.of("Raspberry Pi Compute Module 4 Rev"),
          false,
          "BCM2711",
          Header40.build(Header40.COMMON, Header40.BCM283X, Header40.BCM2711_EXTRA),
          "pinctrl-bcm2711",
          List.of("CAM0 (MIPI CSI-2, 2-lane)", "CAM1 (MIPI CSI-2, 4-lane)"),
          List.of("eth0", "wlan0"),
          "The 40-pin header is on the carrier (CM4 IO Board); Wi-Fi only on wireless variants;"
              + " camera connectors on the carrier.",
          DOCS_GPIO
              + "; Compute Module 4 datasheet and CM4 IO Board datasheet (40-pin header);"
              + " BCM2711 ARM Peripherals, section 5.3");

  /** Raspberry Pi Compute Module 5 (on the CM5 IO Board). */
  public static final BoardDescriptor CM5 =
      new BoardDescriptor(
          "cm5",
          "Raspberry Pi Compute Module 5",
          List.of("Raspberry Pi Compute Module 5 Rev"),
          false,
          "BCM2712 + RP1",
          Header40.build(Header40.COMMON, Header40.PWM_RP1),
          "pinctrl-rp1",
          List.of("CAM/DISP 0 (MIPI, 4-lane)", "CAM/DISP 1 (MIPI, 4-lane)"),
          List.of("eth0", "wlan0"),
          "The 40-pin header is on the carrier (CM5 IO Board); Wi-Fi only on wireless variants.",
          DOCS_GPIO
              + "; Compute Module 5 datasheet and CM5 IO Board datasheet; RP1 peripherals"
              + " datasheet");

  private static final List<BoardDescriptor> ALL =
      List.of(EMULATED, PI3BPLUS, PI4B, PI5, ZERO2W, CM4, CM5);

  private Boards() {}

  /** Every known board, the emulated one first. */
  public static List<BoardDescriptor> all() {
    return ALL;
  }

  /**
   * The one message for an id that names no board, whichever command or key it came from: {@code
   * unknown board 'pi9' (known: emulated, pi3bplus, ...)}.
   */
  public static String unknown(String id) {
    return "unknown board '"
        + id
        + "' (known: "
        + String.join(", ", ALL.stream().map(BoardDescriptor::id).toList())
        + ")";
  }

  /** The board with this id, if any (case-insensitive). */
  public static Optional<BoardDescriptor> byId(String id) {
    return ALL.stream().filter(b -> b.id().equalsIgnoreCase(id)).findFirst();
  }

  /**
   * Detects the board from {@code <root>/proc/device-tree/model}. Returns empty when the file is
   * missing or names no known board (e.g. a Pi 400).
   *
   * @param root the file system root; {@code /} on a board, a temporary folder in tests
   */
  public static Optional<BoardDescriptor> detect(Path root) {
    Path model = root.resolve("proc/device-tree/model");
    String text;
    try {
      text = Files.readString(model, StandardCharsets.US_ASCII).replace("\0", "").trim();
    } catch (IOException e) {
      return Optional.empty();
    }
    return byModel(text);
  }

  /** The board whose device-tree model string starts with one of its prefixes. */
  public static Optional<BoardDescriptor> byModel(String model) {
    return ALL.stream()
        .filter(b -> b.modelPrefixes().stream().anyMatch(model::startsWith))
        .findFirst();
  }
}
