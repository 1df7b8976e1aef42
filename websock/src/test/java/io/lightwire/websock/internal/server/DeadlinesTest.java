package io.lightwire.websock.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.websock.server.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * How long the loop may block in its selector: never past the next deadline by the server's clock,
 * so a real deadline fires on time, also when the deadline lies past the wrap of the nanosecond
 * count.
 */
class DeadlinesTest {

  private final ServerConfig config = ServerConfig.builder().timeouts(500, 60_000).build();
  private final Counters counters = new Counters(new ProtocolErrors(System.getLogger("test")));

  private Deadlines deadlines(ManualClock clock) {
    return new Deadlines(null, counters, config, clock);
  }

  private Connection slot() {
    return new Connection(0, config.maxHeaderBytes(), () -> {}, counters);
  }

  @Test
  void withoutADeadlineTheCallersTimeoutStands() {
    Deadlines d = deadlines(new ManualClock());
    assertEquals(1_000, d.waitMillis(1_000));
    assertEquals(-1, d.waitMillis(-1), "wait for work");
    assertEquals(0, d.waitMillis(0), "do not wait");
  }

  @Test
  void theWaitEndsJustAfterTheNextDeadline() {
    ManualClock clock = new ManualClock();
    Deadlines d = deadlines(clock);
    d.handshake(slot());
    assertEquals(501, d.waitMillis(-1), "until the deadline, rounded up");
    assertEquals(501, d.waitMillis(1_000));
    assertEquals(100, d.waitMillis(100), "a shorter wait the caller asked for stands");
    assertEquals(0, d.waitMillis(0));
    clock.advanceMillis(400);
    assertEquals(101, d.waitMillis(-1));
    clock.advanceMillis(200);
    assertEquals(1, d.waitMillis(-1), "overdue: a minimal wait, the pass then expires it");
  }

  @Test
  void aDeadlinePastTheWrapBoundsTheWaitLikeAnyOther() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE - 200_000_000L); // 200 ms before the wrap
    Deadlines d = deadlines(clock);
    d.handshake(slot());
    assertEquals(501, d.waitMillis(-1));
    assertEquals(501, d.waitMillis(1_000));
    clock.advanceMillis(300); // past the wrap, before the deadline
    assertEquals(201, d.waitMillis(-1));
  }
}
