package io.lightwire.websock.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lightwire.testsupport.ManualClock;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The busy-poll policy on a real selector, timed by a {@link ManualClock} that moves 10 µs each
 * time it is read: the window opens only after a pass that did work, lasts as long as the clock
 * says, and ends early on a ready key, a hand-off or a wake-up; a busy pass yields the core first.
 */
class ReadinessWaitTest {

  private static final long STEP_NANOS = 10_000;

  private final ManualClock manual = new ManualClock();
  private final LongSupplier clock = () -> manual.advance(Duration.ofNanos(STEP_NANOS));
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger yields = new AtomicInteger();
  private Selector selector;
  private Pipe pipe;

  @BeforeEach
  void open() throws Exception {
    selector = Selector.open();
    pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.source().register(selector, SelectionKey.OP_READ);
  }

  @AfterEach
  void close() throws Exception {
    pipe.sink().close();
    pipe.source().close();
    selector.close();
  }

  private ReadinessWait readiness(long windowNanos, int handoffAt) {
    return new ReadinessWait(
        selector,
        key -> ready.incrementAndGet(),
        () -> polls.incrementAndGet() == handoffAt ? 1 : 0,
        windowNanos,
        clock,
        yields::incrementAndGet);
  }

  @Test
  void theWindowOpensOnlyAfterAPassThatDidWork() throws Exception {
    readiness(100_000, -1).await(1, false);
    assertEquals(0, polls.get(), "no polling after an idle pass");
    readiness(0, -1).await(1, true);
    assertEquals(0, polls.get(), "no polling with the window off");
  }

  @Test
  void theWindowLastsAsLongAsTheClockSays() throws Exception {
    readiness(100_000, -1).await(1, true);
    assertEquals(10, polls.get(), "a 100 µs window read by a clock moving 10 µs a read");
    assertEquals(0, ready.get());
    assertEquals(11, yields.get(), "once before the window, then after each empty poll");
  }

  /** A busy pass gives the core away once before it waits; an idle one goes straight to sleep. */
  @Test
  void onlyABusyPassYieldsTheCore() throws Exception {
    ReadinessWait readiness = readiness(0, -1);
    readiness.await(1, false);
    assertEquals(0, yields.get(), "an idle pass");
    readiness.await(1, true);
    assertEquals(1, yields.get(), "a busy pass, window off");
    readiness.await(0, true);
    assertEquals(2, yields.get(), "a busy pass with a deadline due");
  }

  @Test
  void aHandOffEndsTheWindowWithoutSleeping() {
    // A lost hand-off would fall through to a select without timeout and hang here.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> readiness(1_000_000_000L, 3).await(-1, true));
    assertEquals(3, polls.get());
  }

  /** {@code Server.stop} wakes the loop: a wake-up during the window must not be lost. */
  @Test
  void aWakeUpEndsTheWindow() {
    ReadinessWait readiness = readiness(1_000_000_000L, -1);
    readiness.wakeup(); // its selector wake-up is cleared by the window's first selectNow
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> readiness.await(-1, true));
    assertEquals(1, polls.get());
  }

  @Test
  void aReadyKeyEndsTheWindow() throws Exception {
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> readiness(1_000_000_000L, -1).await(-1, true));
    assertEquals(1, ready.get());
    assertEquals(1, polls.get(), "the hand-offs are looked at with every poll");
  }
}
