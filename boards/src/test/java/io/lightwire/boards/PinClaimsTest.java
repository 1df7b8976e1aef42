package io.lightwire.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PinClaimsTest {

  private final PinClaims claims = new PinClaims(Boards.PI4B);

  @Test
  void aFunctionThePinLacksFailsNamingThePinAndTheValidPins() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> claims.claimGpio(17, "PWM0_CH0", "fan"));
    assertEquals(
        "pin 11 (GPIO17) has no function PWM0_CH0 (its functions: GPIO, SPI1_CE1); pins with"
            + " PWM0_CH0: 12 (GPIO18), 32 (GPIO12)",
        e.getMessage());
  }

  @Test
  void aPowerPinHasNoFunctions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> claims.claimPin(1, "GPIO", "led"));
    assertTrue(
        e.getMessage().startsWith("pin 1 (3V3) has no function GPIO (it is a 3V3 pin"),
        e.getMessage());
  }

  @Test
  void aPinClaimedTwiceFailsNamingTheHolderAndTheFreeChoices() {
    claims.claimGpio(18, "PWM0_CH0", "fan");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> claims.claimGpio(18, "GPIO", "led"));
    assertTrue(
        e.getMessage().startsWith("pin 12 (GPIO18) is already claimed by 'fan' as PWM0_CH0;"),
        e.getMessage());
    assertTrue(e.getMessage().contains("free pins with GPIO: 3 (GPIO2)"), e.getMessage());
    assertTrue(!e.getMessage().contains("12 (GPIO18),"), e.getMessage());
  }

  @Test
  void aGpioOffTheHeaderIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> claims.claimGpio(30, "GPIO", "x"));
    assertTrue(e.getMessage().startsWith("GPIO 30 is not on the pi4b header"), e.getMessage());
  }

  @Test
  void theSameOwnerMayShareAPinForTheSameFunctionAndReleaseFreesIt() {
    claims.claimGpio(10, "SPI0_MOSI", "SPI0");
    claims.claimGpio(10, "SPI0_MOSI", "SPI0");
    assertEquals(1, claims.claims().size());
    claims.release("SPI0");
    claims.claimGpio(10, "GPIO", "led");
    assertEquals("led", claims.claims().getFirst().owner());
  }

  @Test
  void aClaimEndsWhenItsDeviceIsClosed() {
    boolean[] open = {true};
    claims.claimGpio(5, "GPIO", "a", () -> open[0]);
    assertThrows(IllegalArgumentException.class, () -> claims.claimGpio(5, "GPIO", "b"));
    open[0] = false;
    claims.claimGpio(5, "GPIO", "b");
  }
}
