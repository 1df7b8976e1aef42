package io.lightwire.hal.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.hal.DeviceClosedException;
import io.lightwire.hal.DigitalInput;
import io.lightwire.hal.DigitalInputConfig;
import io.lightwire.hal.DigitalOutput;
import io.lightwire.hal.DigitalOutputConfig;
import io.lightwire.hal.Pull;
import io.lightwire.hal.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmulatedGpioTest {

  private final VirtualClock clock = new VirtualClock();
  private final EmulatedHardware board = new EmulatedHardware(clock);

  @AfterEach
  void close() {
    board.close();
  }

  private static Duration ms(long v) {
    return Duration.ofMillis(v);
  }

  @Test
  void anOutputStartsAtItsInitialLevelAndRecordsEveryChange() {
    DigitalOutput led =
        board.openDigitalOutput(new DigitalOutputConfig("led", 17, false, true, false));
    assertTrue(board.level(17));
    clock.advance(ms(5));
    led.low();
    led.low(); // no change, no entry
    clock.advance(ms(5));
    led.toggle();
    List<Timeline.Entry> entries = board.timeline().entries("led");
    assertEquals(3, entries.size(), entries.toString());
    assertEquals(0, entries.get(0).timeNanos());
    assertEquals(5_000_000, entries.get(1).timeNanos());
    assertEquals(0, entries.get(1).value());
    assertEquals(10_000_000, entries.get(2).timeNanos());
    assertEquals(1, entries.get(2).value());
  }

  @Test
  void activeLowInvertsTheRawLevel() {
    DigitalOutput led =
        board.openDigitalOutput(new DigitalOutputConfig("led", 4, true, false, false));
    assertTrue(board.level(4), "logical low on an active-low output is raw high");
    led.high();
    assertFalse(board.level(4));
    assertTrue(led.get());
  }

  @Test
  void closingLeavesTheOutputAtItsShutdownLevel() {
    DigitalOutput relay =
        board.openDigitalOutput(new DigitalOutputConfig("relay", 5, false, true, false));
    relay.close();
    assertFalse(board.level(5));
    assertFalse(relay.isOpen());
  }

  @Test
  void usingAClosedDeviceNamesIt() {
    DigitalOutput led = board.openDigitalOutput(DigitalOutputConfig.of("led", 17));
    led.close();
    led.close(); // idempotent
    DeviceClosedException e = assertThrows(DeviceClosedException.class, led::high);
    assertTrue(
        e.getMessage().contains("'led'") && e.getMessage().contains("GPIO 17"), e.getMessage());
  }

  @Test
  void aPinCannotBeOpenedTwiceAndIsFreeAgainAfterClose() {
    DigitalOutput led = board.openDigitalOutput(DigitalOutputConfig.of("led", 17));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> board.openDigitalInput(DigitalInputConfig.of("button", 17)));
    assertTrue(
        e.getMessage().contains("GPIO 17") && e.getMessage().contains("'led'"), e.getMessage());
    led.close();
    board.openDigitalInput(DigitalInputConfig.of("button", 17)).close();
  }

  @Test
  void closingTheBoardClosesEveryDeviceToItsSafeState() {
    DigitalOutput a = board.openDigitalOutput(new DigitalOutputConfig("a", 20, false, true, false));
    DigitalInput b = board.openDigitalInput(DigitalInputConfig.of("b", 21));
    board.close();
    assertFalse(a.isOpen());
    assertFalse(b.isOpen());
    assertFalse(board.level(20));
    assertThrows(
        IllegalStateException.class,
        () -> board.openDigitalOutput(DigitalOutputConfig.of("c", 22)));
  }

  @Test
  void aPullUpInputReadsHighWhenNothingDrivesIt() {
    DigitalInput in = board.openDigitalInput(new DigitalInputConfig("in", 6, Pull.UP, false, 0));
    assertTrue(in.get());
    board.drive(6, false);
    assertFalse(in.get());
    board.undrive(6);
    assertTrue(in.get());
  }

  @Test
  void aWiredOutputDrivesTheInputAndEdgesAreReportedWithTheirTime() {
    board.wire(17, 27);
    DigitalOutput out = board.openDigitalOutput(DigitalOutputConfig.of("out", 17));
    DigitalInput in = board.openDigitalInput(new DigitalInputConfig("in", 27, Pull.NONE, false, 0));
    List<String> edges = new ArrayList<>();
    in.onEdge((high, t) -> edges.add(high + "@" + t));
    clock.advance(ms(1));
    out.high();
    clock.advance(ms(1));
    out.low();
    assertEquals(List.of("true@1000000", "false@2000000"), edges);
  }

  @Test
  void debounceDropsBouncesShorterThanTheWindow() {
    DigitalInput button =
        board.openDigitalInput(new DigitalInputConfig("button", 22, Pull.UP, true, 5_000));
    List<Long> pressedAt = new ArrayList<>();
    button.onEdge(
        (high, t) -> {
          if (high) {
            pressedAt.add(t);
          }
        });
    // press at 10 ms with 2 ms of bounce, release at 50 ms
    board.play(
        new InputScript()
            .at(ms(10), 22, false)
            .at(ms(11), 22, true)
            .at(ms(12), 22, false)
            .at(ms(50), 22, true));
    clock.advance(ms(100));
    assertEquals(List.of(17_000_000L), pressedAt, "one press, reported 5 ms after the last bounce");
    List<Timeline.Entry> edges = board.timeline().entries(Timeline.Kind.INPUT_EDGE);
    assertEquals(2, edges.size(), edges.toString());
    assertEquals(55_000_000L, edges.get(1).timeNanos());
    assertEquals(0, edges.get(1).value());
  }

  @Test
  void aClosedSubscriptionHearsNothing() {
    DigitalInput in = board.openDigitalInput(new DigitalInputConfig("in", 23, Pull.DOWN, false, 0));
    List<Boolean> seen = new ArrayList<>();
    Subscription s = in.onEdge((high, t) -> seen.add(high));
    board.drive(23, true);
    s.close();
    board.drive(23, false);
    assertEquals(List.of(true), seen);
  }

  @Test
  void configsRejectBadValuesNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DigitalOutputConfig.of("led", 99));
    assertTrue(e.getMessage().contains("led") && e.getMessage().contains("99"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DigitalInputConfig("b", 4, Pull.UP, false, -1));
    assertTrue(e.getMessage().contains("debounceMicros"), e.getMessage());
  }

  @Test
  void twoOutputsCannotBeWiredToOneInput() {
    board.wire(5, 6);
    assertThrows(IllegalStateException.class, () -> board.wire(7, 6));
  }
}
