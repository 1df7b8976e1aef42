package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.boards.Boards;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.EventQueue;
import io.lightwire.hal.Subscription;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.hal.emulated.VirtualClock;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input edge allocates nothing in steady state on the thread the hardware reports it on (here
 * the test thread stands in for the board's event thread and calls the pins' edge handler, the code
 * the HAL listener runs: pin state, the panel's push request to a running server, the pin's event
 * posted to the application thread), nor on the application thread that delivers it to a listener.
 * Measured with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, as
 * CameraAllocationTest does. The emulated board's own edge detection (debounce timers, the
 * timeline) is the emulator's cost and is left out on purpose.
 */
class GpioEdgeAllocationTest {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int WARM_UP_EDGES = 20_000;
  private static final int MEASURED_EDGES = 5_000;
  private static final int ROUNDS = 5;

  @Test
  void steadyStateEdgesAllocateZeroBytesOnTheEventAndApplicationThreads(@TempDir Path state)
      throws Exception {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    EmulatedHardware board = new EmulatedHardware(new VirtualClock());
    EventQueue queue = new EventQueue(64);
    ApplicationThread app = new ApplicationThread(queue);
    GpioPins pins = GpioPins.open(Boards.EMULATED, board, List.of(17), List.of(22), List.of(), app);
    GpioPanel panel = new GpioPanel(pins, AccessToken.loadOrCreate(state), app, System::nanoTime);
    Server server = Server.builder(ServerConfig.loopback()).protocol(panel.protocol()).open();
    AtomicLong calls = new AtomicLong();
    Subscription sub = pins.onEdge(22, (bcm, high, t) -> calls.incrementAndGet());
    try {
      server.start();
      panel.start(server);
      PanelPin pin = pins.pin(22);
      edges(pins, pin, WARM_UP_EDGES, 0, calls);
      long appThread = appThreadId(app);
      // Rounds of MEASURED_EDGES: a cost per edge shows in every round (one object per edge is
      // at least 80 KB a round), while a one-off cost of a loaded machine (a parked thread's
      // queue node) lands in one round only. A whole round at zero on both threads is the proof.
      StringBuilder rounds = new StringBuilder();
      boolean zeroRound = false;
      for (int round = 0; round < ROUNDS && !zeroRound; round++) {
        long event0 = THREADS.getCurrentThreadAllocatedBytes();
        long app0 = THREADS.getThreadAllocatedBytes(appThread);
        long calls0 = calls.get();
        edges(pins, pin, MEASURED_EDGES, WARM_UP_EDGES + (long) round * MEASURED_EDGES, calls);
        long eventBytes = THREADS.getCurrentThreadAllocatedBytes() - event0;
        long appBytes = THREADS.getThreadAllocatedBytes(appThread) - app0;
        assertEquals(MEASURED_EDGES, calls.get() - calls0, "one listener call per paced edge");
        rounds.append(String.format(" [event %d B, app %d B]", eventBytes, appBytes));
        zeroRound = eventBytes == 0 && appBytes == 0;
      }
      var counts = pins.edgeCounts(22);
      System.out.printf(
          "gpio edge allocation, rounds of %d edges:%s (%d coalesced, %d refused)%n",
          MEASURED_EDGES, rounds, counts.coalesced(), counts.refused());
      assertTrue(
          zeroRound,
          "no round of "
              + MEASURED_EDGES
              + " edges allocated zero bytes on both threads:"
              + rounds);
      assertEquals(0, queue.inUse());
    } finally {
      sub.close();
      panel.close();
      pins.close();
      server.stop();
      app.close();
      board.close();
    }
    assertEquals(0, queue.inUse());
  }

  /**
   * Alternating edges with increasing timestamps, as the hardware would report them, each after the
   * previous one reached the listener: one post and one delivery per edge, none coalesced.
   */
  private static void edges(GpioPins pins, PanelPin pin, int count, long t0, AtomicLong calls) {
    for (int i = 0; i < count; i++) {
      long before = calls.get();
      pins.hardwareEdge(pin, (i & 1) == 0, t0 + i);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (calls.get() == before && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
  }

  /** This application thread's id, asked of the thread itself (other tests may have their own). */
  private static long appThreadId(ApplicationThread app) throws InterruptedException {
    java.util.concurrent.CompletableFuture<Long> id =
        new java.util.concurrent.CompletableFuture<>();
    assertTrue(app.post(() -> id.complete(Thread.currentThread().threadId())));
    try {
      return id.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the application thread did not answer", e);
    }
  }
}
