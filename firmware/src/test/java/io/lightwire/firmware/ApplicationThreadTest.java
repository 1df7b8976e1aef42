package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The application thread: events in order, timers, refusals counted, never blocking. */
class ApplicationThreadTest {

  @Test
  void aOneShotTimerRunsOnceOnTheApplicationThreadNotBeforeItsDelay() throws Exception {
    ManualClock clock = new ManualClock();
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4), clock)) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      AtomicBoolean onAppThread = new AtomicBoolean();
      long id =
          app.schedule(
              50,
              () -> {
                onAppThread.set(app.isCurrentThread());
                runs.incrementAndGet();
                ran.countDown();
              });
      assertNotEquals(ApplicationThread.REFUSED, id);
      clock.advanceMillis(49);
      settle(app);
      assertEquals(0, runs.get(), "not before its delay");
      clock.advanceMillis(1);
      app.clockMoved();
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertTrue(onAppThread.get(), "ran on the application thread");
      clock.advanceMillis(1_000);
      settle(app);
      assertEquals(1, runs.get(), "once");
      assertFalse(app.cancel(id), "a one-shot timer is gone once it ran");
      assertEquals(0, app.timers().inUse());
    }
  }

  @Test
  void onTheSystemClockAOneShotTimerWakesTheThreadByItselfAndNotEarly() throws Exception {
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8))) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicLong firedAfter = new AtomicLong();
      long start = System.nanoTime();
      app.schedule(
          50,
          () -> {
            firedAfter.set(System.nanoTime() - start);
            ran.countDown();
          });
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertTrue(firedAfter.get() >= TimeUnit.MILLISECONDS.toNanos(50), "not early");
      settle(app);
      assertEquals(0, app.timers().inUse());
    }
  }

  @Test
  void aPeriodicTimerRepeatsUntilCancelledAndSkipsThePeriodsItMissed() throws Exception {
    ManualClock clock = new ManualClock();
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4), clock)) {
      AtomicInteger runs = new AtomicInteger();
      long id = app.every(10, runs::incrementAndGet);
      clock.advanceMillis(9);
      settle(app);
      assertEquals(0, runs.get(), "the first run is one period away");
      clock.advanceMillis(1);
      settle(app);
      assertEquals(1, runs.get());
      clock.advanceMillis(10);
      settle(app);
      assertEquals(2, runs.get());
      clock.advanceMillis(35); // three and a half periods late: one run, not a burst of three
      settle(app);
      assertEquals(3, runs.get());
      clock.advanceMillis(4); // the next period starts at the old phase: 5 ms after the late run
      settle(app);
      assertEquals(3, runs.get());
      clock.advanceMillis(1);
      settle(app);
      assertEquals(4, runs.get());
      assertTrue(app.cancel(id));
      clock.advanceMillis(1_000);
      settle(app);
      assertEquals(4, runs.get(), "cancelled");
      assertEquals(0, app.timers().inUse());
    }
  }

  @Test
  void timersCompareTimesByDifferenceSoTheyFireAcrossTheClocksWrap() throws Exception {
    ManualClock clock = ManualClock.nearWrap(); // 5 s before the nanosecond count wraps
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4), clock)) {
      AtomicInteger oneShot = new AtomicInteger();
      AtomicInteger periodic = new AtomicInteger();
      app.schedule(10_000, oneShot::incrementAndGet);
      app.every(4_000, periodic::incrementAndGet);
      clock.advanceMillis(4_000);
      settle(app);
      assertEquals(1, periodic.get());
      clock.advanceMillis(4_000); // past the wrap: the clock reads negative now
      settle(app);
      assertTrue(clock.getAsLong() < 0, "the test clock wrapped");
      assertEquals(2, periodic.get());
      assertEquals(0, oneShot.get(), "a due time past the wrap is not taken for a past one");
      clock.advanceMillis(1_999);
      settle(app);
      assertEquals(0, oneShot.get(), "not before its delay");
      clock.advanceMillis(1);
      settle(app);
      assertEquals(1, oneShot.get());
      assertEquals(2, periodic.get());
    }
  }

  /**
   * Tells the thread its clock moved and returns once it has looked at its timers at the current
   * time: the second of two events posted one after the other runs in a pass that read the clock
   * after the first one ran.
   */
  private static void settle(ApplicationThread app) throws InterruptedException {
    app.clockMoved();
    for (int pass = 0; pass < 2; pass++) {
      CountDownLatch done = new CountDownLatch(1);
      assertTrue(app.post(done::countDown));
      assertTrue(done.await(10, TimeUnit.SECONDS), "the application thread is stuck");
    }
  }

  @Test
  void aTimerAddedWhileTheThreadWaitsIsNotDelayedByThatWait() throws Exception {
    try (ApplicationThread app =
        new ApplicationThread(new EventQueue(8), new Timers(4), System::nanoTime)) {
      app.schedule(60_000, () -> {}); // the thread now waits in steps for a far timer
      Thread.sleep(50);
      CountDownLatch ran = new CountDownLatch(1);
      app.schedule(0, ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aFullTimerTableRefusesAndCounts() {
    try (ApplicationThread app =
        new ApplicationThread(new EventQueue(8), new Timers(2), System::nanoTime)) {
      assertNotEquals(ApplicationThread.REFUSED, app.schedule(60_000, () -> {}));
      assertNotEquals(ApplicationThread.REFUSED, app.every(60_000, () -> {}));
      assertEquals(ApplicationThread.REFUSED, app.schedule(1, () -> {}));
      assertEquals(1, app.refusedTimers());
      assertEquals(2, app.timers().inUse());
    }
  }

  @Test
  void aFullQueueRefusesWithoutBlockingTheProducerAndCountsIt() throws Exception {
    EventQueue queue = new EventQueue(2);
    try (ApplicationThread app = new ApplicationThread(queue, new Timers(2), System::nanoTime)) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      assertTrue(
          app.post(
              () -> {
                started.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      assertTrue(app.post(() -> {}));
      assertTrue(app.post(() -> {}));
      assertFalse(app.post(() -> {}), "third while two wait: refused, not blocked");
      assertEquals(1, app.refusedEvents());
      release.countDown();
    }
    assertEquals(0, queue.inUse(), "closing drains the queue");
  }

  @Test
  void aThrowingEventIsCountedAndTheLoopGoesOn() throws Exception {
    try (ApplicationThread app =
        new ApplicationThread(new EventQueue(8), new Timers(2), System::nanoTime)) {
      app.post(
          () -> {
            throw new IllegalStateException("boom (expected by the test)");
          });
      CountDownLatch after = new CountDownLatch(1);
      app.post(after::countDown);
      assertTrue(after.await(10, TimeUnit.SECONDS));
      assertEquals(1, app.failures());
    }
  }
}
