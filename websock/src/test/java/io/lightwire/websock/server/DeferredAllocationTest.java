package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.RawHttp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes the service thread allocates per request, answered synchronously and deferred, measured
 * with {@code ThreadMXBean#getThreadAllocatedBytes} on the service thread only (the client and the
 * answering thread are the test's). A deferred request must cost the service thread no more than a
 * synchronous one: the handle is the slot's, reused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeferredAllocationTest {

  private static final int WARMUP = 3_000;
  private static final int MEASURED = 1_000;
  private static final int ROUNDS = 5;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final byte[] REQUEST =
      "GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ByteBuffer answer = ByteBuffer.wrap("answer\n".getBytes(StandardCharsets.US_ASCII));

  private volatile boolean deferring;
  private volatile DeferredResponse handle;
  private volatile Thread serviceThread;
  private Server server;

  private final HttpHandler handler =
      (request, response) -> {
        serviceThread = Thread.currentThread();
        if (deferring) {
          handle = response.defer(10_000);
        } else {
          response.body("text/plain", answer.clear());
        }
      };

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.stop();
      Pools.assertAllFree(server);
    }
  }

  @Test
  void aDeferredRequestCostsTheServiceThreadNoMoreThanASynchronousOne() throws Exception {
    assertTrue(THREADS.isThreadAllocatedMemorySupported());
    THREADS.setThreadAllocatedMemoryEnabled(true);
    server = Server.open(ServerConfig.loopback(), handler);
    server.start();
    try (RawHttp client = new RawHttp(server.localPort())) {
      deferring = false;
      double sync = measure(client);
      deferring = true;
      double deferred = measure(client);
      System.out.printf(
          "service thread bytes per request: synchronous %.1f, deferred %.1f%n", sync, deferred);
      assertTrue(
          deferred <= sync, "deferred " + deferred + " bytes per request vs synchronous " + sync);
    }
  }

  /** The fewest service-thread bytes per request over several rounds, after a warm-up. */
  private double measure(RawHttp client) throws IOException {
    for (int i = 0; i < WARMUP; i++) {
      roundTrip(client);
    }
    long id = serviceThread.threadId();
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      for (int i = 0; i < MEASURED; i++) {
        roundTrip(client);
      }
      long bytes = THREADS.getThreadAllocatedBytes(id) - before;
      best = Math.min(best, bytes / (double) MEASURED);
    }
    return best;
  }

  private void roundTrip(RawHttp client) throws IOException {
    client.socket.getOutputStream().write(REQUEST);
    if (deferring) {
      DeferredResponse d;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while ((d = handle) == null) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("the request was not deferred");
        }
        Thread.onSpinWait();
      }
      handle = null;
      d.body("text/plain", answer.clear()).complete();
    }
    RawHttp.Response r = client.read();
    assertEquals(200, r.status());
  }
}
