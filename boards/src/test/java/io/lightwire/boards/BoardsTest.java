package io.lightwire.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardsTest {

  @TempDir Path root;

  private Optional<BoardDescriptor> detect(String model) throws IOException {
    Path file = root.resolve("proc/device-tree/model");
    Files.createDirectories(file.getParent());
    Files.write(file, (model + "\0").getBytes(StandardCharsets.US_ASCII));
    return Boards.detect(root);
  }

  @Test
  void everyIssueBoardIsKnown() {
    assertEquals(
        List.of("emulated", "pi3bplus", "pi4b", "pi5", "zero2w", "cm4", "cm5"),
        Boards.all().stream().map(BoardDescriptor::id).toList());
    assertTrue(Boards.EMULATED.emulated());
    assertEquals(1, Boards.all().stream().filter(BoardDescriptor::emulated).count());
  }

  @Test
  void detectionReadsTheNulTerminatedDeviceTreeModel() throws IOException {
    assertEquals("pi5", detect("Raspberry Pi 5 Model B Rev 1.0").orElseThrow().id());
    assertEquals("pi4b", detect("Raspberry Pi 4 Model B Rev 1.5").orElseThrow().id());
    assertEquals("pi3bplus", detect("Raspberry Pi 3 Model B Plus Rev 1.3").orElseThrow().id());
    assertEquals("zero2w", detect("Raspberry Pi Zero 2 W Rev 1.0").orElseThrow().id());
    assertEquals("cm4", detect("Raspberry Pi Compute Module 4 Rev 1.0").orElseThrow().id());
    assertEquals("cm5", detect("Raspberry Pi Compute Module 5 Rev 1.0").orElseThrow().id());
  }

  private Optional<BoardDescriptor> detect(String model, String... compatible) throws IOException {
    Path file = root.resolve("proc/device-tree/compatible");
    Files.createDirectories(file.getParent());
    Files.write(file, (String.join("\0", compatible) + "\0").getBytes(StandardCharsets.US_ASCII));
    return detect(model);
  }

  @Test
  void aMachineThatIsNoRaspberryPiIsNotDetected() throws IOException {
    assertEquals(Optional.empty(), Boards.detect(root.resolve("nowhere")));
    assertEquals(Optional.empty(), detect("QEMU Standard PC (i440FX + PIIX, 1996)"));
  }

  @Test
  void anUnknownPiWithAKnownSocAndThe40PinHeaderIsMappedBySoc() throws IOException {
    BoardDescriptor pi400 =
        detect("Raspberry Pi 400 Rev 1.0", "raspberrypi,400", "brcm,bcm2711").orElseThrow();
    assertEquals("pi4b", pi400.id());
    assertTrue(pi400.name().startsWith("Raspberry Pi 400 Rev 1.0"), pi400.name());
    assertEquals("pinctrl-bcm2711", pi400.gpioChipLabel());
    assertEquals(Boards.PI4B.header(), pi400.header());
    assertEquals(
        "pi5",
        detect("Raspberry Pi 500 Rev 1.0", "raspberrypi,500", "brcm,bcm2712").orElseThrow().id());
    assertEquals(
        "pi3bplus",
        detect("Raspberry Pi 3 Model B Rev 1.2", "raspberrypi,3-model-b", "brcm,bcm2837")
            .orElseThrow()
            .id());
  }

  @Test
  void anUnknownPiThatCannotBeMappedIsRefusedNamingTheModelAndTheKnownBoards() throws IOException {
    // A compute module's header is on its carrier: the SoC says nothing about it.
    UnknownBoardException e =
        assertThrows(
            UnknownBoardException.class,
            () ->
                detect(
                    "Raspberry Pi Compute Module 4S Rev 1.0",
                    "raspberrypi,4-compute-module-s",
                    "brcm,bcm2711"));
    assertTrue(e.getMessage().contains("'Raspberry Pi Compute Module 4S Rev 1.0'"), e.getMessage());
    assertTrue(e.getMessage().contains("pi4b (Raspberry Pi 4 Model B)"), e.getMessage());
    assertTrue(e.getMessage().contains("board=emulated"), e.getMessage());
    // No compatible file at all: refused too, never silently emulated.
    Files.delete(root.resolve("proc/device-tree/compatible"));
    assertThrows(UnknownBoardException.class, () -> detect("Raspberry Pi Model B Rev 2"));
  }

  @Test
  void theHeaderMapsPhysicalPinsToBcmAsDocumented() {
    int[][] physicalToBcm = {
      {3, 2}, {5, 3}, {7, 4}, {8, 14}, {10, 15}, {11, 17}, {12, 18}, {13, 27}, {15, 22}, {16, 23},
      {18, 24}, {19, 10}, {21, 9}, {22, 25}, {23, 11}, {24, 8}, {26, 7}, {27, 0}, {28, 1}, {29, 5},
      {31, 6}, {32, 12}, {33, 13}, {35, 19}, {36, 16}, {37, 26}, {38, 20}, {40, 21}
    };
    for (BoardDescriptor b : Boards.all()) {
      for (int[] pb : physicalToBcm) {
        HeaderPin p = b.pin(pb[0]).orElseThrow();
        assertEquals(PinKind.GPIO, p.kind(), b.id() + " pin " + pb[0]);
        assertEquals(pb[1], p.bcm(), b.id() + " pin " + pb[0]);
        assertEquals(HeaderPin.GPIO, p.functions().getFirst());
      }
      assertEquals(List.of(1, 17), b.pinsOfKind(PinKind.POWER_3V3));
      assertEquals(List.of(2, 4), b.pinsOfKind(PinKind.POWER_5V));
      assertEquals(List.of(6, 9, 14, 20, 25, 30, 34, 39), b.pinsOfKind(PinKind.GROUND));
      assertFalse(b.source().isBlank(), b.id() + " names its source");
      assertFalse(b.gpioChipLabel().isBlank());
    }
  }

  @Test
  void busesAreOnTheirDocumentedPins() {
    BoardDescriptor pi4 = Boards.PI4B;
    assertEquals(List.of(3), pi4.pinsWith("I2C1_SDA").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(5), pi4.pinsWith("I2C1_SCL").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(19), pi4.pinsWith("SPI0_MOSI").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(24), pi4.pinsWith("SPI0_CE0").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(38), pi4.pinsWith("SPI1_MOSI").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(8), pi4.pinsWith("UART0_TXD").stream().map(HeaderPin::physical).toList());
    assertEquals(List.of(0, 1, 3, 4, 5, 6), pi4.i2cBuses());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), pi4.uarts());
    assertEquals(List.of(0, 1), Boards.PI3BPLUS.i2cBuses());
    assertEquals(List.of(0), Boards.PI5.uarts());
  }

  @Test
  void pwmChannelsDifferBetweenBcmAndRp1Boards() {
    assertEquals(
        List.of(
            new PwmChannel(0, 0, 18, 12),
            new PwmChannel(0, 0, 12, 32),
            new PwmChannel(0, 1, 13, 33),
            new PwmChannel(0, 1, 19, 35)),
        Boards.PI4B.pwmChannels());
    assertEquals(
        List.of(
            new PwmChannel(0, 0, 12, 32),
            new PwmChannel(0, 1, 13, 33),
            new PwmChannel(0, 2, 18, 12),
            new PwmChannel(0, 3, 19, 35)),
        Boards.PI5.pwmChannels());
  }

  @Test
  void camerasAndNetworksMatchTheBoards() {
    assertEquals(2, Boards.PI5.cameraConnectors().size());
    assertEquals(1, Boards.PI4B.cameraConnectors().size());
    assertEquals(List.of("wlan0"), Boards.ZERO2W.networkInterfaces());
    assertEquals("pinctrl-rp1", Boards.PI5.gpioChipLabel());
    assertEquals("pinctrl-bcm2711", Boards.PI4B.gpioChipLabel());
  }

  @Test
  void byIdIsCaseInsensitive() {
    assertEquals(Boards.PI5, Boards.byId("PI5").orElseThrow());
    assertEquals(Optional.empty(), Boards.byId("pi9"));
  }

  @Test
  void theDiagramShowsBothColumnsWithFunctions() {
    String d = HeaderDiagram.render(Boards.PI5);
    assertTrue(d.contains("I2C1_SDA  GPIO2   3 o o 4  5V"), d);
    assertTrue(d.contains("GPIO12  PWM0_CH0"), d);
    assertTrue(d.contains("GND    39 o o 40 GPIO21  PCM_DOUT,SPI1_SCLK"), d);
    assertTrue(d.contains("Source:"), d);
    assertEquals(20, d.lines().filter(l -> l.contains(" o o ")).count());
  }
}
