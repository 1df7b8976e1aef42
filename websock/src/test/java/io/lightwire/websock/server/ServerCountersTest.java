package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's counters are exact when several threads count at once: broadcasts are counted by
 * every thread that broadcasts, while the service thread counts too.
 */
class ServerCountersTest {

  private static final int THREADS = 4;
  private static final int BROADCASTS_EACH = 200_000;

  /** No broadcast buffer at all: every broadcast from every thread is skipped, and counted. */
  @Test
  void broadcastsSkippedFromSeveralThreadsAreAllCounted() throws Exception {
    ServerConfig config =
        ServerConfig.builder().broadcastBuffers(0).broadcastBufferBytes(0).build();
    WebSocketHandler nothing = new WebSocketHandler() {};
    Server server = Server.builder(config).protocol(Protocol.of("p", nothing)).open();
    try {
      server.start();
      Protocol p = server.protocol("p");
      CountDownLatch go = new CountDownLatch(1);
      Thread[] threads = new Thread[THREADS];
      for (int t = 0; t < THREADS; t++) {
        threads[t] =
            Thread.ofPlatform()
                .start(
                    () -> {
                      ByteBuffer payload = ByteBuffer.allocate(4);
                      try {
                        go.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      for (int i = 0; i < BROADCASTS_EACH; i++) {
                        payload.clear();
                        server.broadcast(p, false, payload);
                      }
                    });
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(60_000);
      }
      assertEquals((long) THREADS * BROADCASTS_EACH, server.counters().broadcastsSkipped());
    } finally {
      server.stop();
      Pools.assertAllFree(server);
    }
  }
}
