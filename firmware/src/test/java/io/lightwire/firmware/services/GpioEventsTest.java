package io.lightwire.firmware.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.Gpio;
import io.lightwire.firmware.GpioEdgeCounts;
import io.lightwire.firmware.GpioEdgeListener;
import io.lightwire.firmware.MemoryPlan;
import io.lightwire.firmware.testing.Lightwire;
import io.lightwire.firmware.testing.LightwireTest;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.Timeline;
import io.lightwire.websock.pool.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Gpio} on the emulated board: input edges reach application listeners on the application
 * thread with the level and the HAL timestamp; output to input through the panel's demo wire;
 * unsubscribing; a burst while the application is busy coalesces; a full queue counts refusals,
 * never holds up the board's event thread, still delivers the final level, and drains to zero.
 */
@LightwireTest(config = "camera.enabled=false")
class GpioEventsTest {

  private static final long WAIT_SECONDS = 5;

  /** One call of a listener, with whether it ran on the application thread. */
  private record Seen(int bcm, boolean high, long timeNanos, boolean onAppThread) {}

  private static GpioEdgeListener recorder(ApplicationThread app, BlockingQueue<Seen> seen) {
    return (bcm, high, t) -> seen.add(new Seen(bcm, high, t, app.isCurrentThread()));
  }

  @Test
  void anInputEdgeRunsTheListenerOnTheApplicationThreadWithLevelAndTimestamp(
      Lightwire lw, EmulatedHardware board) throws Exception {
    Gpio gpio = lw.firmware().gpio();
    ApplicationThread app = lw.firmware().applicationThread();
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    gpio.onEdge(22, recorder(app, seen));
    long before = board.clock().nanos();
    board.drive(22, true);
    Seen s = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(s, "the listener was called");
    assertEquals(22, s.bcm());
    assertTrue(s.high());
    assertTrue(s.onAppThread(), "ran on the application thread");
    assertTrue(s.timeNanos() > before, "timestamp after the drive: " + s);
    Timeline.Entry edge = board.timeline().entries(Timeline.Kind.INPUT_EDGE).getLast();
    assertEquals(edge.timeNanos(), s.timeNanos(), "the HAL's own timestamp of the edge");
    assertTrue(gpio.read(22));
    board.drive(22, false);
    Seen low = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(low);
    assertFalse(low.high());
    assertTrue(low.timeNanos() > s.timeNanos());
    GpioEdgeCounts counts = gpio.edgeCounts(22);
    assertEquals(2, counts.edges());
    assertEquals(2, counts.delivered());
    assertEquals(0, counts.refused());
  }

  @Test
  void anOutputWrittenOnTheApplicationThreadComesBackThroughTheWiredInput(Lightwire lw)
      throws Exception {
    Gpio gpio = lw.firmware().gpio();
    ApplicationThread app = lw.firmware().applicationThread();
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    gpio.onEdge(22, recorder(app, seen));
    assertThrows(IllegalStateException.class, () -> gpio.write(27, true), "not the app thread");
    assertTrue(app.post(() -> gpio.write(27, true)));
    Seen high = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(high, "output 27 is wired to input 22 on the default emulated panel");
    assertTrue(high.high() && high.onAppThread(), high.toString());
    assertTrue(gpio.read(27));
    assertTrue(app.post(() -> gpio.write(27, false)));
    Seen low = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(low);
    assertFalse(low.high());
  }

  @Test
  void pinsThatAreNotOpenedInputsAreRefusedByName(Lightwire lw) {
    Gpio gpio = lw.firmware().gpio();
    IllegalArgumentException output =
        assertThrows(IllegalArgumentException.class, () -> gpio.onEdge(17, (b, h, t) -> {}));
    assertTrue(output.getMessage().contains("GPIO 17 is output"), output.getMessage());
    IllegalArgumentException absent =
        assertThrows(IllegalArgumentException.class, () -> gpio.read(99));
    assertTrue(absent.getMessage().contains("GPIO 99"), absent.getMessage());
    assertEquals(java.util.List.of(22), gpio.inputs());
  }

  @Test
  void afterUnsubscribingAListenerIsNotCalledAgain(Lightwire lw, EmulatedHardware board)
      throws Exception {
    Gpio gpio = lw.firmware().gpio();
    ApplicationThread app = lw.firmware().applicationThread();
    BlockingQueue<Seen> kept = new LinkedBlockingQueue<>();
    BlockingQueue<Seen> dropped = new LinkedBlockingQueue<>();
    Subscription gone = gpio.onEdge(22, recorder(app, dropped));
    gpio.onEdge(22, recorder(app, kept));
    board.drive(22, true);
    assertNotNull(kept.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertNotNull(dropped.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    gone.close();
    gone.close(); // idempotent
    board.drive(22, false);
    // Both listeners are called from the same event, so once the kept one saw the edge the other
    // one would have too.
    Seen low = kept.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(low);
    assertFalse(low.high());
    assertNull(dropped.poll(), "the closed listener was not called");
  }

  @Test
  void aBurstWhileTheApplicationIsBusyCoalescesIntoOneCallWithTheNewestLevel(
      Lightwire lw, EmulatedHardware board) throws Exception {
    Busy busy = busyApplication(lw);
    Gpio gpio = busy.gpio();
    int edges = 7; // odd: ends high
    drive(board, gpio, edges);
    GpioEdgeCounts counts = gpio.edgeCounts(22);
    assertEquals(edges - 1, counts.coalesced(), counts.toString());
    assertEquals(0, counts.refused(), counts.toString());
    assertNull(busy.seen().poll(), "nothing delivered while the application thread is busy");
    busy.release().countDown();
    Seen s = busy.seen().poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(s);
    assertTrue(s.high(), "the newest level");
    assertEquals(
        board.timeline().entries(Timeline.Kind.INPUT_EDGE).getLast().timeNanos(), s.timeNanos());
    assertEquals(1, gpio.edgeCounts(22).delivered());
  }

  @Test
  @LightwireTest(config = "app.queue-capacity=8")
  void aFloodIntoAFullQueueIsCountedNeverBlocksAndTheFinalLevelStillArrives(
      Lightwire lw, EmulatedHardware board) throws Exception {
    Busy busy = busyApplication(lw);
    Gpio gpio = busy.gpio();
    ApplicationThread app = busy.app();
    BlockingQueue<Seen> seen = busy.seen();
    CountDownLatch release = busy.release();
    awaitCount(() -> eventsInUse(lw) == 0 ? 1 : 0, 1); // the blocker is running
    while (app.post(() -> {})) {
      // fill the queue
    }
    assertEquals(8, eventsInUse(lw), "the queue is full");
    long refusedBefore = app.refusedEvents();
    int edges = 21; // odd: ends high
    // Every edge is taken by the board's event thread while the application thread is stuck:
    // posting never waits for it.
    drive(board, gpio, edges);
    GpioEdgeCounts flooded = gpio.edgeCounts(22);
    assertEquals(edges, flooded.refused(), flooded.toString());
    assertEquals(0, flooded.delivered());
    assertTrue(app.refusedEvents() >= refusedBefore + edges, "counted by the queue too");
    assertTrue(gpio.read(22), "the panel's state follows the pin regardless");
    String status = status(lw.baseUri());
    assertTrue(
        status.contains(
            "{\"bcm\":22,\"edges\":" + edges + ",\"delivered\":0,\"coalesced\":0,\"refused\":"),
        status);
    release.countDown();
    Seen s = seen.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(s, "the application thread's sweep delivers the stranded newest level");
    assertTrue(s.high() && s.onAppThread(), s.toString());
    awaitCount(() -> eventsInUse(lw) == 0 ? 1 : 0, 1);
    assertEquals(0, eventsInUse(lw), "the application queue drained");
  }

  /** Pin 22's edges recorded into {@code seen}, with the application thread held until release. */
  private record Busy(
      Gpio gpio, ApplicationThread app, BlockingQueue<Seen> seen, CountDownLatch release) {}

  private static Busy busyApplication(Lightwire lw) {
    Gpio gpio = lw.firmware().gpio();
    ApplicationThread app = lw.firmware().applicationThread();
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    gpio.onEdge(22, recorder(app, seen));
    CountDownLatch release = new CountDownLatch(1);
    assertTrue(app.post(() -> awaitQuietly(release)));
    return new Busy(gpio, app, seen, release);
  }

  /**
   * Drives {@code edges} alternating edges on input 22, each once the previous one has settled past
   * the debounce and been seen by the firmware, so every drive is exactly one edge.
   */
  private static void drive(EmulatedHardware board, Gpio gpio, int edges)
      throws InterruptedException {
    long first = gpio.edgeCounts(22).edges();
    for (int i = 0; i < edges; i++) {
      board.drive(22, i % 2 == 0);
      long seen = first + i + 1;
      awaitCount(() -> gpio.edgeCounts(22).edges(), seen);
    }
  }

  private static int eventsInUse(Lightwire lw) {
    for (Pool p : lw.firmware().pools()) {
      if (p.name().equals(MemoryPlan.APP_EVENTS)) {
        return p.inUse();
      }
    }
    throw new AssertionError("no app events pool");
  }

  private static void awaitCount(LongSupplier value, long wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (value.getAsLong() < wanted && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(wanted, value.getAsLong());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String status(URI base) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(base.resolve("/status")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
