package io.lightwire.examples.device;

import io.lightwire.boards.BoardDescriptor;
import io.lightwire.boards.BoardHardware;
import io.lightwire.boards.Boards;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.emulated.EmulatedHardware;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the board a device example runs on, as the firmware's boot does: a Raspberry Pi detected
 * from its device tree, else the emulated board. Either way every device is checked against the
 * board's header ({@link BoardHardware}), so a wrong pin fails naming the pin.
 */
public final class DeviceBoard {

  private DeviceBoard() {}

  /**
   * Opens the hardware for {@code choice}: {@code auto} detects a Pi under {@code root} (the file
   * system root: {@code /} on a board) and falls back to the emulated board; {@code emulated}
   * always emulates.
   */
  public static BoardHardware open(String choice, Path root) {
    BoardDescriptor board =
        choice.equals("emulated") ? Boards.EMULATED : Boards.detect(root).orElse(Boards.EMULATED);
    return BoardHardware.open(board);
  }

  /** The emulator API of {@code hardware} when it is the emulated board. */
  public static Optional<EmulatedHardware> emulated(Hardware hardware) {
    if (hardware instanceof BoardHardware b && b.delegate() instanceof EmulatedHardware e) {
      return Optional.of(e);
    }
    return hardware instanceof EmulatedHardware e ? Optional.of(e) : Optional.empty();
  }
}
