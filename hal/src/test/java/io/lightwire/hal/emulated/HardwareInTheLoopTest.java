package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Pull;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hardware-in-the-loop style: the application code below only sees {@link Hardware}; the test wires
 * the board, plays a script, and asserts the timeline a logic analyser would show.
 */
class HardwareInTheLoopTest {

  /** The "application": a push button toggles a lamp; the lamp's state is mirrored on a pin. */
  static final class ToggleApp {
    private final DigitalOutput lamp;
    private final DigitalOutput mirror;

    ToggleApp(Hardware hw) {
      lamp = hw.openDigitalOutput(DigitalOutputConfig.of("lamp", 17));
      mirror = hw.openDigitalOutput(DigitalOutputConfig.of("mirror", 5));
      DigitalInput button =
          hw.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
      button.onEdge(
          (pressed, t) -> {
            if (pressed) {
              mirror.set(lamp.toggle());
            }
          });
    }
  }

  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  @Test
  void twoBouncyPressesToggleTheLampOnAndOffAndTheWiredMirrorFollows() {
    VirtualClock clock = new VirtualClock();
    try (EmulatedHardware board = new EmulatedHardware(clock)) {
      board.wire(5, 6); // mirror -> a probe input
      DigitalInput probe =
          board.openDigitalInput(new DigitalInputConfig("probe", 6, Pull.NONE, false, 0));
      new ToggleApp(board);
      board.drive(22, true); // released button, pulled up
      board.play(
          new InputScript()
              .at(ms(100), 22, false)
              .at(ms(101), 22, true) // bounce
              .at(ms(102), 22, false)
              .at(ms(300), 22, true)
              .press(22, ms(500), ms(80)));
      board.timeline().clear();
      clock.advance(ms(1000));

      List<String> timeline =
          board.timeline().entries().stream().map(Timeline.Entry::toString).toList();
      assertEquals(
          List.of(
              "107.000ms button GPIO22 INPUT_EDGE=1",
              "107.000ms lamp GPIO17 OUTPUT=1",
              "107.000ms mirror GPIO5 OUTPUT=1",
              "107.000ms probe GPIO6 INPUT_EDGE=1",
              "305.000ms button GPIO22 INPUT_EDGE=0",
              "505.000ms button GPIO22 INPUT_EDGE=1",
              "505.000ms lamp GPIO17 OUTPUT=0",
              "505.000ms mirror GPIO5 OUTPUT=0",
              "505.000ms probe GPIO6 INPUT_EDGE=0",
              "585.000ms button GPIO22 INPUT_EDGE=0"),
          timeline);
      assertEquals(false, probe.get());
    }
  }
}
