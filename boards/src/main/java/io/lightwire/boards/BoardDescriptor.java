package io.lightwire.boards;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What Lightwire knows about one kind of board, as data.
 *
 * @param id the short name used on the command line and in config, e.g. {@code "pi5"}
 * @param name the marketing name, e.g. {@code "Raspberry Pi 5"}
 * @param modelPrefixes prefixes of {@code /proc/device-tree/model} that identify the board
 * @param emulated true for the in-memory board that runs on any PC
 * @param soc the system on chip, e.g. {@code "BCM2712 + RP1"}
 * @param header the 40 header pins, physical pin 1 first
 * @param gpioChipLabel the label of the GPIO character device that drives the header GPIOs (the
 *     chip is found by label, not number), e.g. {@code "pinctrl-rp1"}
 * @param cameraConnectors the camera connectors, e.g. {@code "CAM/DISP 0 (4-lane MIPI, 22-pin)"}
 * @param networkInterfaces the kernel names of the built-in interfaces, e.g. {@code eth0}
 * @param notes anything a user must know (overlays to enable, what is on a carrier board)
 * @param source where the facts come from (documents, sections)
 */
public record BoardDescriptor(
    String id,
    String name,
    List<String> modelPrefixes,
    boolean emulated,
    String soc,
    List<HeaderPin> header,
    String gpioChipLabel,
    List<String> cameraConnectors,
    List<String> networkInterfaces,
    String notes,
    String source) {

  /** The number of pins on the header. */
  public static final int HEADER_PINS = 40;

  /** Copies the lists and checks the header has pins 1..40 in order. */
  public BoardDescriptor {
    modelPrefixes = List.copyOf(modelPrefixes);
    header = List.copyOf(header);
    cameraConnectors = List.copyOf(cameraConnectors);
    networkInterfaces = List.copyOf(networkInterfaces);
    if (header.size() != HEADER_PINS) {
      throw new IllegalArgumentException(id + ": header has " + header.size() + " pins, not 40");
    }
    for (int i = 0; i < HEADER_PINS; i++) {
      if (header.get(i).physical() != i + 1) {
        throw new IllegalArgumentException(id + ": header pin " + (i + 1) + " out of order");
      }
    }
  }

  /** The header pin with this physical number (1..40), if any. */
  public Optional<HeaderPin> pin(int physical) {
    return physical >= 1 && physical <= HEADER_PINS
        ? Optional.of(header.get(physical - 1))
        : Optional.empty();
  }

  /** The header pin carrying GPIO {@code bcm}, if it is on the header. */
  public Optional<HeaderPin> gpio(int bcm) {
    return header.stream().filter(p -> p.kind() == PinKind.GPIO && p.bcm() == bcm).findFirst();
  }

  /** Every header pin that offers {@code function}, in physical order. */
  public List<HeaderPin> pinsWith(String function) {
    return header.stream().filter(p -> p.has(function)).toList();
  }

  /** The hardware PWM channels and the pins they can be routed to. */
  public List<PwmChannel> pwmChannels() {
    List<PwmChannel> out = new ArrayList<>();
    for (HeaderPin p : header) {
      for (String f : p.functions()) {
        if (f.startsWith("PWM") && f.contains("_CH")) {
          int chip = Integer.parseInt(f.substring(3, f.indexOf('_')));
          int channel = Integer.parseInt(f.substring(f.indexOf("_CH") + 3));
          out.add(new PwmChannel(chip, channel, p.bcm(), p.physical()));
        }
      }
    }
    out.sort(BoardDescriptor::byChipChannelPin);
    return List.copyOf(out);
  }

  /**
   * Chip, then channel, then physical pin. Written out rather than built with {@code
   * Comparator.comparingInt}: its comparators are serializable lambdas, which the AOT cache cannot
   * hold, so the JVM would generate their classes at every boot.
   */
  private static int byChipChannelPin(PwmChannel a, PwmChannel b) {
    int c = Integer.compare(a.chip(), b.chip());
    if (c == 0) {
      c = Integer.compare(a.channel(), b.channel());
    }
    return c != 0 ? c : Integer.compare(a.physical(), b.physical());
  }

  /** The PWM channel available on GPIO {@code bcm}, if any. */
  public Optional<PwmChannel> pwmChannel(int bcm) {
    return pwmChannels().stream().filter(c -> c.bcm() == bcm).findFirst();
  }

  /** The I2C bus numbers with both SDA and SCL on the header. */
  public List<Integer> i2cBuses() {
    return buses("I2C", "_SDA");
  }

  /** The SPI bus numbers with MOSI on the header. */
  public List<Integer> spiBuses() {
    return buses("SPI", "_MOSI");
  }

  /** The UART numbers with TXD on the header. */
  public List<Integer> uarts() {
    return buses("UART", "_TXD");
  }

  private List<Integer> buses(String prefix, String suffix) {
    TreeSet<Integer> out = new TreeSet<>();
    for (HeaderPin p : header) {
      for (String f : p.functions()) {
        if (f.startsWith(prefix) && f.endsWith(suffix)) {
          out.add(Integer.parseInt(f.substring(prefix.length(), f.length() - suffix.length())));
        }
      }
    }
    return List.copyOf(out);
  }

  /** Physical numbers of the pins of {@code kind}. */
  public List<Integer> pinsOfKind(PinKind kind) {
    return header.stream().filter(p -> p.kind() == kind).map(HeaderPin::physical).toList();
  }
}
