package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Time steps for a server running on a {@link ManualClock} ({@link Server.Builder#nanoClock}): a
 * step moves the clock, then waits until the service loop has finished a pass that read the new
 * time, so its deadlines were acted on. A task queued with {@link Server#execute} runs in a pass
 * before that pass expires deadlines; a task it queues runs in the next pass. So when the second
 * one has run, the first pass's deadlines (at the new time) are done: a test can then assert what
 * happened and, just as well, what did not.
 */
final class ClockSteps {

  private ClockSteps() {}

  /**
   * Lets {@code server} finish the pass it is in at the current time, moves {@code clock} by {@code
   * millis} and waits until the server acted on the new time. The first wait matters: what a test
   * saw (a response head, an event) may come before the server, later in that same pass, reads the
   * clock to move a deadline (an idle deadline moves after the write that made progress).
   */
  static void step(Server server, ManualClock clock, long millis) throws InterruptedException {
    awaitPass(server);
    clock.advanceMillis(millis);
    awaitPass(server);
  }

  /**
   * Waits (at most 5 s) until {@code server}'s loop has expired the deadlines due at the time of
   * this call (the pass that runs the first task, after it) and has read what had arrived by then
   * (the next pass, which selects after the first task ran and runs the second one).
   */
  static void awaitPass(Server server) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    assertTrue(server.execute(() -> server.execute(done::countDown)), "the task ring is full");
    assertTrue(done.await(5, TimeUnit.SECONDS), "the service loop ran no two passes in 5 s");
  }
}
