package io.lightwire.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our echo-server as the benchmark runs it (a child JVM with the bench's default flags, {@code
 * -Xmx64m -XX:+UseSerialGC}, slots sized to the largest connection count): it takes 128 pipelined
 * connections, its counters (CPU ticks, allocation, GCs) move over a window, the 129th connection
 * from the same address is refused (429 with Retry-After), and SIGTERM stops it with 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EchoServerCapacityTest {

  @TempDir Path dir;

  @Test
  void takes128PipelinedConnectionsAndRefusesThe129th() throws Exception {
    BenchOptions defaults = BenchOptions.defaults();
    try (ServerProcess server =
        ServerProcess.start(
            EchoBench.OURS,
            128,
            defaults.jvmOptions(),
            List.of(),
            dir.resolve("echo-lightwire.log"))) {
      ServerProcess.Counters[] edges = new ServerProcess.Counters[2];
      LoadGenerator.Measured m = pipelined128(server, edges);
      assertNull(m.error());
      assertTrue(m.messages() > 128, "every connection echoed: " + m.messages());
      assertTrue(edges[1].cpuTicks() > edges[0].cpuTicks(), "the server spent CPU in the window");
      assertTrue(edges[1].allThreads() >= edges[0].allThreads());
      assertTrue(edges[0].serviceThread() >= 0, "our service thread is found by name");
      assertTrue(edges[1].collections() >= edges[0].collections());

      LoadFrames frames = LoadFrames.of(16, 1, true);
      LoadConnection[] open = new LoadConnection[128];
      try {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < open.length; i++) {
          open[i] = LoadConnection.open(server.port(), frames, 1, true, random);
        }
        IOException refused =
            assertThrows(
                IOException.class,
                () -> LoadConnection.open(server.port(), frames, 1, true, random));
        // From one address, the per-address share (all 128 slots here) answers first: 429.
        assertTrue(refused.getMessage().contains("429"), refused.getMessage());
      } finally {
        for (LoadConnection c : open) {
          if (c != null) {
            c.close();
          }
        }
      }
      assertEquals(0, server.stop(), "our echo-server stops cleanly on SIGTERM");
    }
  }

  @Test
  void theTwoLoopVariantTakes128PipelinedConnectionsInTheSameHeap() throws Exception {
    BenchOptions defaults = BenchOptions.defaults();
    Path log = dir.resolve("echo-lightwire-loops.log");
    try (ServerProcess server =
        ServerProcess.start(EchoBench.OURS_LOOPS, 128, defaults.jvmOptions(), List.of(), log)) {
      ServerProcess.Counters[] edges = new ServerProcess.Counters[2];
      LoadGenerator.Measured m = pipelined128(server, edges);
      assertNull(m.error(), "no connection refused by either loop");
      assertTrue(m.messages() > 128, "every connection echoed: " + m.messages());
      assertTrue(edges[0].serviceThread() >= 0, "the service threads are found by name");
      assertEquals(0, server.stop(), "both loops stop cleanly on SIGTERM");
    }
    String text = Files.readString(log);
    assertTrue(text.contains("2 service loops on one port"), text);
    assertFalse(text.contains("OutOfMemoryError"), text);
  }

  /**
   * 128 connections with 64 messages of 1 KiB in flight each, 200 ms warm-up and a 500 ms window;
   * {@code edges} gets the server's counters at the window's start and end.
   */
  private static LoadGenerator.Measured pipelined128(
      ServerProcess server, ServerProcess.Counters[] edges)
      throws IOException, InterruptedException {
    return LoadGenerator.run(
        server.port(),
        new LoadGenerator.Plan(1024, 128, 64, 2, 200, 500, true),
        start -> edges[start ? 0 : 1] = server.counters());
  }
}
