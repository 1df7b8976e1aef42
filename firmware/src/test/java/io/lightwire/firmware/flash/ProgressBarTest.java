package io.lightwire.firmware.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long MIB = 1024 * 1024;
  private final ManualClock clock = new ManualClock();
  private final StringWriter text = new StringWriter();

  @Test
  void aLineShowsBytesRateAndTimeLeft() {
    ProgressBar bar = new ProgressBar(new PrintWriter(text, true), 8 * MIB, false, clock);
    clock.advanceMillis(2_000);
    bar.sent(4 * MIB);
    assertEquals(
        "upload [############............]  50%  4.0/8.0 MiB  2.0 MiB/s  00:02 left",
        text.toString().strip());
  }

  @Test
  void offATerminalItPrintsOneLinePerQuarterAndASummary() {
    ProgressBar bar = new ProgressBar(new PrintWriter(text, true), 100, false, clock);
    for (int sent = 1; sent <= 100; sent++) {
      clock.advanceMillis(10);
      bar.sent(sent);
    }
    bar.finish();
    String[] lines = text.toString().split("\n");
    assertEquals(5, lines.length, text.toString());
    assertEquals(true, lines[3].contains("100%"), lines[3]);
    assertEquals(true, lines[4].startsWith("upload: 0.0 MiB in 1.0 s"), lines[4]);
  }

  @Test
  void onATerminalItRedrawsInPlaceAtMostEveryTenthOfASecond() {
    ProgressBar bar = new ProgressBar(new PrintWriter(text, true), 1000, true, clock);
    for (int sent = 1; sent <= 1000; sent++) {
      clock.advanceMillis(1); // 1 ms per chunk: 1 s in all
      bar.sent(sent);
    }
    long redraws = text.toString().chars().filter(c -> c == '\r').count();
    assertEquals(10, redraws, "one per 100 ms, the last at 100%");
  }
}
