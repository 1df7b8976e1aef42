package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log line budget: lines per window, the rest counted and summed up once, never lost. */
class LogBudgetTest {

  private static final long WINDOW = 1_000;

  @Test
  void aWindowGivesItsLinesThenCountsAndTheNextWindowSumsUpWhatWasLeftOut() {
    List<Long> summaries = new ArrayList<>();
    LogBudget budget = new LogBudget(3, WINDOW, summaries::add);
    assertEquals(3, budget.take(0));
    assertEquals(2, budget.take(1));
    assertEquals(1, budget.take(2), "the last line of the window says 1");
    for (int i = 0; i < 7; i++) {
      assertEquals(0, budget.take(3 + i), "past the budget an event is only counted");
    }
    assertEquals(List.of(), summaries, "nothing summed up while the window lasts");
    assertEquals(3, budget.take(WINDOW), "a new window has all its lines again");
    assertEquals(List.of(7L), summaries, "the 7 left out are summed up once");
  }

  @Test
  void flushSumsUpWhatWasLeftOutAndNothingWhenNothingWas() {
    List<Long> summaries = new ArrayList<>();
    LogBudget budget = new LogBudget(1, WINDOW, summaries::add);
    budget.flush();
    assertEquals(List.of(), summaries);
    budget.take(0);
    budget.take(1);
    budget.take(2);
    budget.flush();
    budget.flush();
    assertEquals(List.of(2L), summaries);
  }

  @Test
  void aBudgetWithoutLinesOrWindowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LogBudget(0, WINDOW, n -> {}));
    assertThrows(IllegalArgumentException.class, () -> new LogBudget(1, 0, n -> {}));
  }
}
