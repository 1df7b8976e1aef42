package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.Timeline;
import io.lightwire.websock.client.WebSocketClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The GPIO panel at {@code /gpio}: open reading, token-guarded control, pushed changes. */
@LightwireTest(config = "camera.enabled=false")
class GpioPanelTest {

  private static final long WAIT = 5_000;

  @Test
  void aNewClientGetsTheWholeHeaderWithTheOpenedPins(WebSocketClient panel) throws Exception {
    String pins = Lightwire.awaitText(panel, "\"type\":\"pins\"", WAIT);
    assertNotNull(pins);
    assertEquals(40, count(pins, "\"physical\":"), pins);
    assertTrue(
        pins.contains("\"label\":\"GPIO17\",\"bcm\":17,\"mode\":\"output\",\"level\":false"));
    assertTrue(pins.contains("\"bcm\":22,\"mode\":\"input\""), pins);
    assertTrue(pins.contains("\"bcm\":18,\"mode\":\"pwm\",\"duty\":0"), pins);
    assertTrue(pins.contains("\"label\":\"GND\""), pins);
  }

  @Test
  void controlWithoutTheTokenIsRefusedAndCountedAndChangesNothing(
      Lightwire lw, WebSocketClient panel, EmulatedHardware board) throws Exception {
    Lightwire.awaitText(panel, "\"type\":\"pins\"", WAIT);
    panel.sendText("{\"type\":\"set\",\"bcm\":17,\"level\":true}");
    String reply = Lightwire.awaitText(panel, "\"type\":\"error\"", WAIT);
    assertNotNull(reply);
    assertTrue(reply.contains("access token"), reply);
    panel.sendText("{\"type\":\"auth\",\"token\":\"not-the-token\"}");
    assertTrue(Lightwire.awaitText(panel, "\"type\":\"auth\"", WAIT).contains("\"ok\":false"));
    panel.sendText("{\"type\":\"toggle\",\"bcm\":17}");
    assertNotNull(Lightwire.awaitText(panel, "\"type\":\"error\"", WAIT));
    assertEquals(3, lw.firmware().gpioControlsRefused());
    assertFalse(board.level(17), "GPIO 17 still low");
    assertTrue(board.timeline().entries("gpio17").stream().noneMatch(e -> e.value() == 1));
  }

  @Test
  void withTheTokenAToggleDrivesThePinAndEveryClientSeesIt(Lightwire lw, EmulatedHardware board)
      throws Exception {
    WebSocketClient controller = lw.connect("/gpio");
    WebSocketClient watcher = lw.connect("/gpio");
    Lightwire.awaitText(controller, "\"type\":\"pins\"", WAIT);
    Lightwire.awaitText(watcher, "\"type\":\"pins\"", WAIT);
    controller.sendText("{\"type\":\"auth\",\"token\":\"" + lw.accessToken() + "\"}");
    assertTrue(Lightwire.awaitText(controller, "\"type\":\"auth\"", WAIT).contains("\"ok\":true"));
    controller.sendText("{\"type\":\"toggle\",\"bcm\":17}");
    String seen =
        Lightwire.awaitText(watcher, "\"bcm\":17,\"mode\":\"output\",\"level\":true", WAIT);
    assertNotNull(seen, "the second client was told");
    assertTrue(board.level(17), "the emulated pin is high");
    Timeline.Entry last = board.timeline().entries("gpio17").getLast();
    assertEquals(Timeline.Kind.OUTPUT, last.kind());
    assertEquals(1.0, last.value());
  }

  @Test
  void pwmDutyIsSetWithTheToken(Lightwire lw, WebSocketClient panel, EmulatedHardware board)
      throws Exception {
    panel.sendText("{\"type\":\"auth\",\"token\":\"" + lw.accessToken() + "\"}");
    panel.sendText("{\"type\":\"pwm\",\"bcm\":18,\"duty\":37.5}");
    assertNotNull(Lightwire.awaitText(panel, "\"bcm\":18,\"mode\":\"pwm\",\"duty\":37.5", WAIT));
    assertTrue(
        board.timeline().entries(Timeline.Kind.PWM_DUTY).stream().anyMatch(e -> e.value() == 37.5));
    panel.sendText("{\"type\":\"pwm\",\"bcm\":18,\"duty\":101}");
    assertTrue(Lightwire.awaitText(panel, "\"type\":\"error\"", WAIT).contains("101"));
    panel.sendText("{\"type\":\"set\",\"bcm\":22,\"level\":true}");
    assertTrue(Lightwire.awaitText(panel, "\"type\":\"error\"", WAIT).contains("input"));
  }

  @Test
  void anInputEdgeIsPushedWithoutAnyRequest(WebSocketClient panel, EmulatedHardware board)
      throws Exception {
    Lightwire.awaitText(panel, "\"type\":\"pins\"", WAIT);
    board.drive(22, true);
    assertNotNull(Lightwire.awaitText(panel, "\"bcm\":22,\"mode\":\"input\",\"level\":true", WAIT));
  }

  @Test
  void onTheDefaultEmulatedPanelOutput27IsWiredToInput22(Lightwire lw, EmulatedHardware board)
      throws Exception {
    WebSocketClient panel = lw.connect("/gpio");
    panel.sendText("{\"type\":\"auth\",\"token\":\"" + lw.accessToken() + "\"}");
    panel.sendText("{\"type\":\"set\",\"bcm\":27,\"level\":true}");
    assertNotNull(Lightwire.awaitText(panel, "\"bcm\":22,\"mode\":\"input\",\"level\":true", WAIT));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!board.level(22) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(board.level(22));
  }

  private static int count(String text, String fragment) {
    int n = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      n++;
    }
    return n;
  }
}
