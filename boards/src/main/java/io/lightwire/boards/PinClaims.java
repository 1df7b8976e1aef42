package io.lightwire.boards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Who uses which header pin for what, on one board. Used at boot to validate a configuration and by
 * {@link BoardHardware} whenever a device opens. Every failure is an {@link
 * IllegalArgumentException} whose message names the pin and lists the valid choices.
 *
 * <p>A pin may be claimed again for the same function by the same owner (SPI devices on one bus
 * share its clock and data pins that way). A claim made with a liveness check ends by itself when
 * the check turns false (the device was closed). Thread-safe.
 */
public final class PinClaims {

  /**
   * One claim.
   *
   * @param pin the header pin
   * @param function the function it is used as
   * @param owner who holds it, e.g. the device id
   */
  public record Claim(HeaderPin pin, String function, String owner) {}

  private record Held(Claim claim, BooleanSupplier alive) {}

  private final BoardDescriptor board;
  private final Map<Integer, Held> held = new LinkedHashMap<>();

  /** No pin claimed yet. */
  public PinClaims(BoardDescriptor board) {
    this.board = board;
  }

  /** The board the claims are for. */
  public BoardDescriptor board() {
    return board;
  }

  /**
   * Claims physical pin {@code physical} for {@code function} until released.
   *
   * @throws IllegalArgumentException when the pin does not exist, lacks the function, or is held
   */
  public Claim claimPin(int physical, String function, String owner) {
    return claim(physical, function, owner, () -> true);
  }

  /**
   * Claims the header pin carrying GPIO {@code bcm} for {@code function}.
   *
   * @throws IllegalArgumentException when the GPIO is not on the header, lacks the function, or its
   *     pin is held
   */
  public Claim claimGpio(int bcm, String function, String owner) {
    return claim(pinOfGpio(bcm, function).physical(), function, owner, () -> true);
  }

  /**
   * Claims a GPIO while {@code alive} is true (e.g. {@code device::isOpen}).
   *
   * @throws IllegalArgumentException as {@link #claimGpio}
   */
  public Claim claimGpio(int bcm, String function, String owner, BooleanSupplier alive) {
    return claim(pinOfGpio(bcm, function).physical(), function, owner, alive);
  }

  /**
   * Claims the first header pin offering {@code function} (e.g. {@code "I2C1_SDA"}).
   *
   * @throws IllegalArgumentException when no pin offers it, or that pin is held
   */
  public Claim claimFunction(String function, String owner, BooleanSupplier alive) {
    List<HeaderPin> pins = board.pinsWith(function);
    if (pins.isEmpty()) {
      throw new IllegalArgumentException(
          board.id()
              + " has no pin with function "
              + function
              + "; functions on the header: "
              + allFunctions(function.replaceAll("[0-9]*_.*", "")));
    }
    return claim(pins.getFirst().physical(), function, owner, alive);
  }

  private HeaderPin pinOfGpio(int bcm, String function) {
    return board
        .gpio(bcm)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "GPIO "
                        + bcm
                        + " is not on the "
                        + board.id()
                        + " header; pins with "
                        + function
                        + ": "
                        + describe(board.pinsWith(function))));
  }

  private synchronized Claim claim(
      int physical, String function, String owner, BooleanSupplier alive) {
    HeaderPin pin =
        board
            .pin(physical)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        board.id() + " has no header pin " + physical + "; pins are 1..40"));
    if (!pin.has(function)) {
      String own =
          pin.functions().isEmpty()
              ? "it is a " + pin.label() + " pin with no functions"
              : "its functions: " + String.join(", ", pin.functions());
      throw new IllegalArgumentException(
          pin.describe()
              + " has no function "
              + function
              + " ("
              + own
              + "); pins with "
              + function
              + ": "
              + describe(board.pinsWith(function)));
    }
    Held current = held.get(physical);
    if (current != null && current.alive.getAsBoolean()) {
      Claim c = current.claim;
      if (c.owner().equals(owner) && c.function().equals(function)) {
        return c;
      }
      throw new IllegalArgumentException(
          pin.describe()
              + " is already claimed by '"
              + c.owner()
              + "' as "
              + c.function()
              + "; cannot claim it for '"
              + owner
              + "' as "
              + function
              + "; free pins with "
              + function
              + ": "
              + describe(freePinsWith(function)));
    }
    Claim claim = new Claim(pin, function, owner);
    held.put(physical, new Held(claim, alive));
    return claim;
  }

  /** Releases one claim (if it is still the one held). */
  public synchronized void release(Claim claim) {
    held.values().removeIf(h -> h.claim == claim);
  }

  /** Releases every pin {@code owner} holds. */
  public synchronized void release(String owner) {
    held.values().removeIf(h -> h.claim.owner().equals(owner));
  }

  /** The claims in force, in physical pin order. */
  public synchronized List<Claim> claims() {
    return held.values().stream()
        .filter(h -> h.alive.getAsBoolean())
        .map(Held::claim)
        .sorted((a, b) -> Integer.compare(a.pin().physical(), b.pin().physical()))
        .toList();
  }

  private List<HeaderPin> freePinsWith(String function) {
    return board.pinsWith(function).stream()
        .filter(
            p -> {
              Held h = held.get(p.physical());
              return h == null || !h.alive.getAsBoolean();
            })
        .toList();
  }

  private String allFunctions(String prefix) {
    String list =
        board.header().stream()
            .flatMap(p -> p.functions().stream())
            .filter(f -> f.startsWith(prefix))
            .distinct()
            .sorted()
            .collect(Collectors.joining(", "));
    return list.isEmpty() ? "none" : list;
  }

  private static String describe(List<HeaderPin> pins) {
    return pins.isEmpty()
        ? "none"
        : pins.stream()
            .map(p -> p.physical() + " (" + p.label() + ")")
            .collect(Collectors.joining(", "));
  }
}
