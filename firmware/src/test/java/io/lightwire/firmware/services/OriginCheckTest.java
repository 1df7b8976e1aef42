package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every WebSocket endpoint of the firmware applies the same-origin rule: a page of another site is
 * refused with 403 before anything is allocated; the device's own pages, clients without {@code
 * Origin} (programs, not browsers) and origins in {@code server.allowed-origins} are accepted.
 */
@LightwireTest(config = {"camera.width=160", "camera.height=120", "camera.fps=5"})
class OriginCheckTest {

  private static final String EVIL = "Origin: http://evil.example";

  /** Every WebSocket endpoint, with what it needs besides the origin (the hil token). */
  private static List<String[]> endpoints(Lightwire lw) {
    String bearer = "Authorization: Bearer " + lw.accessToken();
    return List.of(
        new String[] {"/camera"},
        new String[] {"/gpio"},
        new String[] {"/streams", "Sec-WebSocket-Protocol: lightwire.streams.v1"},
        new String[] {"/hil", bearer});
  }

  private static int upgrade(Lightwire lw, String[] endpoint, String... more) throws Exception {
    String[] headers = new String[endpoint.length - 1 + more.length];
    System.arraycopy(endpoint, 1, headers, 0, endpoint.length - 1);
    System.arraycopy(more, 0, headers, endpoint.length - 1, more.length);
    return RawUpgrade.status(lw.port(), endpoint[0], headers);
  }

  @Test
  void aPageOfAnotherSiteIsRefusedWith403AtEveryEndpoint(Lightwire lw) throws Exception {
    for (String[] endpoint : endpoints(lw)) {
      assertEquals(403, upgrade(lw, endpoint, EVIL), endpoint[0]);
      assertEquals(403, upgrade(lw, endpoint, "Origin: null"), endpoint[0] + " (opaque origin)");
      assertEquals(
          403,
          upgrade(lw, endpoint, "Origin: http://127.0.0.1:" + (lw.port() + 1)),
          endpoint[0] + " (another port is another origin)");
    }
  }

  @Test
  void theDevicesOwnPagesAreAcceptedAtEveryEndpoint(Lightwire lw) throws Exception {
    for (String[] endpoint : endpoints(lw)) {
      assertEquals(
          101, upgrade(lw, endpoint, "Origin: http://127.0.0.1:" + lw.port()), endpoint[0]);
    }
  }

  @Test
  void clientsWithoutOriginAreNotBrowsersAndAreAcceptedAtEveryEndpoint(Lightwire lw)
      throws Exception {
    for (String[] endpoint : endpoints(lw)) {
      assertEquals(101, upgrade(lw, endpoint), endpoint[0]);
    }
  }

  @Test
  @LightwireTest(config = "server.allowed-origins=http://dash.example:3000, https://ops.example")
  void allowListedOriginsAreAcceptedAtEveryEndpointAndOthersStillRefused(Lightwire lw)
      throws Exception {
    for (String[] endpoint : endpoints(lw)) {
      assertEquals(101, upgrade(lw, endpoint, "Origin: http://dash.example:3000"), endpoint[0]);
      assertEquals(101, upgrade(lw, endpoint, "Origin: https://OPS.example"), endpoint[0]);
      assertEquals(403, upgrade(lw, endpoint, EVIL), endpoint[0]);
      assertEquals(
          403, upgrade(lw, endpoint, "Origin: http://dash.example:3001"), endpoint[0] + " port");
    }
  }

  @Test
  void theOriginIsCheckedBeforeTheHilToken(Lightwire lw) throws Exception {
    assertEquals(403, RawUpgrade.status(lw.port(), "/hil", EVIL));
    assertEquals(401, RawUpgrade.status(lw.port(), "/hil"));
  }
}
