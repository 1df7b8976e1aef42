package io.lightwire.boards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 40-pin header shared by every supported board, and the alternate functions of its GPIOs.
 *
 * <p>Physical pin to BCM GPIO, power and ground: Raspberry Pi documentation, "GPIO and the 40-pin
 * header" (raspberrypi.com/documentation/computers/raspberry-pi.html#gpio). Functions common to all
 * boards: the same page and "BCM2835 ARM Peripherals" §6.2 (alternate function table). BCM2711
 * extras (I2C3-6, UART2-5, SPI3-6): "BCM2711 ARM Peripherals" §5.3 and the i2c3..i2c6,
 * uart2..uart5, spi3..spi6 overlays in the firmware's overlays/README.
 */
final class Header40 {

  /** Physical pin -> BCM GPIO; -1 marks power and ground (see {@link #KIND}). */
  private static final int[] BCM = {
    -1, -1, 2, -1, 3, -1, 4, 14, -1, 15, 17, 18, 27, -1, 22, 23, -1, 24, 10, -1, 9, 25, 11, 8, -1,
    7, 0, 1, 5, -1, 6, 12, 13, -1, 19, 16, 26, 20, -1, 21
  };

  private static final PinKind[] KIND = new PinKind[40];

  static {
    for (int i = 0; i < 40; i++) {
      KIND[i] = PinKind.GPIO;
    }
    for (int p : new int[] {1, 17}) {
      KIND[p - 1] = PinKind.POWER_3V3;
    }
    for (int p : new int[] {2, 4}) {
      KIND[p - 1] = PinKind.POWER_5V;
    }
    for (int p : new int[] {6, 9, 14, 20, 25, 30, 34, 39}) {
      KIND[p - 1] = PinKind.GROUND;
    }
  }

  /** Functions on every board: ID EEPROM bus, I2C1, GPCLK, SPI0/1, UART0, PCM. No PWM here. */
  static final Map<Integer, List<String>> COMMON =
      Map.ofEntries(
          Map.entry(0, List.of("I2C0_SDA")),
          Map.entry(1, List.of("I2C0_SCL")),
          Map.entry(2, List.of("I2C1_SDA")),
          Map.entry(3, List.of("I2C1_SCL")),
          Map.entry(4, List.of("GPCLK0")),
          Map.entry(5, List.of("GPCLK1")),
          Map.entry(6, List.of("GPCLK2")),
          Map.entry(7, List.of("SPI0_CE1")),
          Map.entry(8, List.of("SPI0_CE0")),
          Map.entry(9, List.of("SPI0_MISO")),
          Map.entry(10, List.of("SPI0_MOSI")),
          Map.entry(11, List.of("SPI0_SCLK")),
          Map.entry(14, List.of("UART0_TXD")),
          Map.entry(15, List.of("UART0_RXD")),
          Map.entry(16, List.of("SPI1_CE2")),
          Map.entry(17, List.of("SPI1_CE1")),
          Map.entry(18, List.of("PCM_CLK", "SPI1_CE0")),
          Map.entry(19, List.of("PCM_FS", "SPI1_MISO")),
          Map.entry(20, List.of("PCM_DIN", "SPI1_MOSI")),
          Map.entry(21, List.of("PCM_DOUT", "SPI1_SCLK")));

  /**
   * BCM2835/6/7 and BCM2711 (not RP1): PWM channel 0 on GPIO 12 or 18, channel 1 on GPIO 13 or 19;
   * the mini UART (UART1, ALT5) on GPIO 14/15.
   */
  static final Map<Integer, List<String>> BCM283X =
      Map.of(
          12, List.of("PWM0_CH0"),
          13, List.of("PWM0_CH1"),
          14, List.of("UART1_TXD"),
          15, List.of("UART1_RXD"),
          18, List.of("PWM0_CH0"),
          19, List.of("PWM0_CH1"));

  /** RP1 (Pi 5, CM5): PWM0 channels 0..3 on GPIO 12, 13, 18, 19. */
  static final Map<Integer, List<String>> PWM_RP1 =
      Map.of(
          12, List.of("PWM0_CH0"),
          13, List.of("PWM0_CH1"),
          18, List.of("PWM0_CH2"),
          19, List.of("PWM0_CH3"));

  /** BCM2711 (Pi 4, CM4) additional buses. */
  static final Map<Integer, List<String>> BCM2711_EXTRA =
      Map.ofEntries(
          Map.entry(0, List.of("I2C6_SDA", "UART2_TXD", "SPI3_CE0")),
          Map.entry(1, List.of("I2C6_SCL", "UART2_RXD", "SPI3_MISO")),
          Map.entry(2, List.of("I2C3_SDA", "SPI3_MOSI")),
          Map.entry(3, List.of("I2C3_SCL", "SPI3_SCLK")),
          Map.entry(4, List.of("I2C3_SDA", "UART3_TXD", "SPI4_CE0")),
          Map.entry(5, List.of("I2C3_SCL", "UART3_RXD", "SPI4_MISO")),
          Map.entry(6, List.of("I2C4_SDA", "SPI4_MOSI")),
          Map.entry(7, List.of("I2C4_SCL", "SPI4_SCLK")),
          Map.entry(8, List.of("I2C4_SDA", "UART4_TXD")),
          Map.entry(9, List.of("I2C4_SCL", "UART4_RXD")),
          Map.entry(10, List.of("I2C5_SDA")),
          Map.entry(11, List.of("I2C5_SCL")),
          Map.entry(12, List.of("I2C5_SDA", "UART5_TXD", "SPI5_CE0")),
          Map.entry(13, List.of("I2C5_SCL", "UART5_RXD", "SPI5_MISO")),
          Map.entry(14, List.of("SPI5_MOSI")),
          Map.entry(15, List.of("SPI5_SCLK")),
          Map.entry(18, List.of("SPI6_CE0")),
          Map.entry(19, List.of("SPI6_MISO")),
          Map.entry(20, List.of("SPI6_MOSI")),
          Map.entry(21, List.of("SPI6_SCLK")),
          Map.entry(22, List.of("I2C6_SDA")),
          Map.entry(23, List.of("I2C6_SCL")));

  private Header40() {}

  /** The header with {@code "GPIO"} first on each GPIO pin, then each table's functions. */
  @SafeVarargs
  static List<HeaderPin> build(Map<Integer, List<String>>... tables) {
    List<HeaderPin> pins = new ArrayList<>(40);
    for (int i = 0; i < 40; i++) {
      int bcm = BCM[i];
      if (KIND[i] != PinKind.GPIO) {
        pins.add(new HeaderPin(i + 1, KIND[i], -1, List.of()));
        continue;
      }
      List<String> functions = new ArrayList<>();
      functions.add(HeaderPin.GPIO);
      for (Map<Integer, List<String>> t : tables) {
        for (String f : t.getOrDefault(bcm, List.of())) {
          if (!functions.contains(f)) {
            functions.add(f);
          }
        }
      }
      pins.add(new HeaderPin(i + 1, PinKind.GPIO, bcm, functions));
    }
    return List.copyOf(pins);
  }
}
