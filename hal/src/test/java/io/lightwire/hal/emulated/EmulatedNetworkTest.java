package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.NetInterface;
import io.lightwire.hal.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatedNetworkTest {

  @Test
  void linkDownAndUpAreReportedToListeners() {
    try (EmulatedHardware board = new EmulatedHardware(new VirtualClock())) {
      Network net = board.network();
      assertEquals(
          List.of("lo", "eth0", "wlan0"),
          net.interfaces().stream().map(NetInterface::name).toList());
      List<String> events = new ArrayList<>();
      net.onLinkChange(i -> events.add(i.name() + (i.up() ? " up" : " down")));
      board.setLink("eth0", false);
      board.setLink("eth0", false); // no change, no event
      assertFalse(net.find("eth0").orElseThrow().up());
      board.setLink("eth0", true);
      assertEquals(List.of("eth0 down", "eth0 up"), events);
      assertTrue(
          net.find("eth0")
              .orElseThrow()
              .addresses()
              .getFirst()
              .getHostAddress()
              .startsWith("192.0.2."));
    }
  }

  @Test
  void anUnknownInterfaceIsNamedWithTheValidOnes() {
    try (EmulatedHardware board = new EmulatedHardware(new VirtualClock())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> board.setLink("eth9", false));
      assertTrue(
          e.getMessage().contains("eth9") && e.getMessage().contains("wlan0"), e.getMessage());
    }
  }
}
