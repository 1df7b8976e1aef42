package io.lightwire.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The application thread: events in order, timers, refusals counted, never blocking. */
class ApplicationThreadTest {

  @Test
  void aOneShotTimerRunsOnceOnTheApplicationThreadNotBeforeItsDelay() throws Exception {
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4))) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicLong firedAfter = new AtomicLong();
      AtomicInteger runs = new AtomicInteger();
      long start = System.nanoTime();
      long id =
          app.schedule(
              50,
              () -> {
                firedAfter.set(System.nanoTime() - start);
                assertTrue(app.isCurrentThread());
                runs.incrementAndGet();
                ran.countDown();
              });
      assertNotEquals(ApplicationThread.REFUSED, id);
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertTrue(firedAfter.get() >= TimeUnit.MILLISECONDS.toNanos(50), "not early");
      Thread.sleep(100);
      assertEquals(1, runs.get());
      assertFalse(app.cancel(id), "a one-shot timer is gone once it ran");
      assertEquals(0, app.timers().inUse());
    }
  }

  @Test
  void aPeriodicTimerRepeatsUntilCancelled() throws Exception {
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4))) {
      CountDownLatch three = new CountDownLatch(3);
      long id = app.every(10, three::countDown);
      assertTrue(three.await(10, TimeUnit.SECONDS));
      assertTrue(app.cancel(id));
      assertEquals(0, app.timers().inUse());
    }
  }

  @Test
  void aTimerAddedWhileTheThreadWaitsIsNotDelayedByThatWait() throws Exception {
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(4))) {
      app.schedule(60_000, () -> {}); // the thread now waits in steps for a far timer
      Thread.sleep(50);
      CountDownLatch ran = new CountDownLatch(1);
      app.schedule(0, ran::countDown);
      assertTrue(ran.await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aFullTimerTableRefusesAndCounts() {
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(2))) {
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
    try (ApplicationThread app = new ApplicationThread(queue, new Timers(2))) {
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
    try (ApplicationThread app = new ApplicationThread(new EventQueue(8), new Timers(2))) {
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
