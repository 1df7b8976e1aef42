package io.lightwire.firmware.internal;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.HeaderPin;
import io.lightwire.boards.PinKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout {@link GpioPins} opens (and the GPIO panel shows): every header pin of the board with
 * the mode the {@code gpio.*} keys give it, checked before anything is opened (a GPIO the header
 * lacks, or one named twice, is refused naming it).
 */
final class PanelLayout {

  private PanelLayout() {}

  /**
   * The header's pins in physical order with their modes.
   *
   * @throws IllegalArgumentException naming the GPIO that is not on the header or named twice
   */
  static List<PanelPin> pins(
      BoardDescriptor board, List<Integer> outputs, List<Integer> inputs, List<Integer> pwm) {
    List<PanelPin> pins = new ArrayList<>();
    for (HeaderPin h : board.header()) {
      pins.add(new PanelPin(h, modeOf(h, outputs, inputs, pwm)));
    }
    for (int bcm : concat(outputs, inputs, pwm)) {
      if (board.gpio(bcm).isEmpty()) {
        throw new IllegalArgumentException(
            "GPIO " + bcm + " is not on the header of " + board.id());
      }
    }
    return List.copyOf(pins);
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b, List<Integer> c) {
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    for (int i = 0; i < all.size(); i++) {
      if (all.indexOf(all.get(i)) != i) {
        throw new IllegalArgumentException(
            "GPIO " + all.get(i) + " is named twice in gpio.outputs, gpio.inputs and gpio.pwm");
      }
    }
    return all;
  }

  private static PanelPin.Mode modeOf(
      HeaderPin h, List<Integer> outputs, List<Integer> inputs, List<Integer> pwm) {
    if (h.kind() == PinKind.GROUND) {
      return PanelPin.Mode.GROUND;
    }
    if (h.kind() != PinKind.GPIO) {
      return PanelPin.Mode.POWER;
    }
    if (outputs.contains(h.bcm())) {
      return PanelPin.Mode.OUTPUT;
    }
    if (inputs.contains(h.bcm())) {
      return PanelPin.Mode.INPUT;
    }
    return pwm.contains(h.bcm()) ? PanelPin.Mode.PWM : PanelPin.Mode.UNUSED;
  }
}
