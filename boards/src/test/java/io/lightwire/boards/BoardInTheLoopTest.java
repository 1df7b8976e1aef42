package io.lightwire.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Hardware;
import io.lightwire.hal.Pull;
import io.lightwire.hal.PwmOutput;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.InputScript;
import io.lightwire.hal.emulated.Timeline;
import io.lightwire.hal.emulated.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hardware in the loop on the emulated board through a Pi 5's pin checks: the application sees a
 * {@link Hardware}; the test wires pins, plays a button script and asserts the timeline.
 */
class BoardInTheLoopTest {

  /**
   * Button toggles a lamp; the lamp is fed back into a sense input; each sensed "on" speeds a fan.
   */
  static final class FanApp {
    int sensedOn;

    FanApp(Hardware hw, BoardDescriptor board) {
      DigitalOutput lamp = hw.openDigitalOutput(DigitalOutputConfig.of("lamp", 17));
      PwmOutput fan = hw.openPwm(BoardHardware.pwmConfig(board, "fan", 18, 25_000, 0));
      DigitalInput sense =
          hw.openDigitalInput(new DigitalInputConfig("sense", 27, Pull.DOWN, false, 0));
      DigitalInput button =
          hw.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
      button.onEdge(
          (pressed, t) -> {
            if (pressed) {
              lamp.toggle();
            }
          });
      sense.onEdge(
          (on, t) -> {
            if (on) {
              sensedOn++;
              fan.on(25.0 * sensedOn, 25_000);
            }
          });
    }
  }

  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  @Test
  void pressesToggleTheLampTheFeedbackWireSpeedsTheFan() {
    VirtualClock clock = new VirtualClock();
    EmulatedHardware emulated = new EmulatedHardware(clock);
    try (BoardHardware hw = BoardHardware.wrap(Boards.PI5, emulated)) {
      emulated.wire(17, 27);
      emulated.drive(22, true);
      FanApp app = new FanApp(hw, Boards.PI5);
      emulated.timeline().clear();
      emulated.play(
          new InputScript()
              .press(22, ms(100), ms(50))
              .press(22, ms(300), ms(50))
              .press(22, ms(500), ms(50)));
      clock.advance(ms(1000));

      List<String> lamp =
          emulated.timeline().entries("lamp").stream().map(Timeline.Entry::toString).toList();
      assertEquals(
          List.of(
              "105.000ms lamp GPIO17 OUTPUT=1",
              "305.000ms lamp GPIO17 OUTPUT=0",
              "505.000ms lamp GPIO17 OUTPUT=1"),
          lamp);
      List<String> fan =
          emulated.timeline().entries("fan").stream().map(Timeline.Entry::toString).toList();
      assertEquals(
          List.of(
              "105.000ms fan GPIO18 PWM_FREQUENCY=25000",
              "105.000ms fan GPIO18 PWM_DUTY=25",
              "505.000ms fan GPIO18 PWM_DUTY=50"),
          fan);
      assertEquals(2, app.sensedOn);
      assertEquals(4, hw.claims().claims().size(), hw.claims().claims().toString());
    }
  }

  @Test
  void theSameAppOnAPinThePi5LacksFailsAtStartupNamingIt() {
    EmulatedHardware emulated = new EmulatedHardware(new VirtualClock());
    try (BoardHardware hw = BoardHardware.wrap(Boards.PI5, emulated)) {
      hw.openDigitalOutput(DigitalOutputConfig.of("other", 18)); // fan's pin taken first
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new FanApp(hw, Boards.PI5));
      assertEquals(
          "pin 12 (GPIO18) is already claimed by 'other' as GPIO; cannot claim it for 'fan' as"
              + " PWM0_CH2; free pins with PWM0_CH2: none",
          e.getMessage());
    }
  }
}
