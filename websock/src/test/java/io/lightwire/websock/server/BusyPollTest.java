package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JdkMessages;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The busy-poll window ({@link ServerConfig#busyPollMicros}): the option is checked, a server with
 * the window on still echoes, runs {@code execute} tasks and expires deadlines while it spins, and
 * its service thread sleeps once the traffic stops. The peer is the JDK's WebSocket client.
 */
class BusyPollTest {

  private final Recorder recorder = new Recorder();
  private Server server;
  private HttpClient http;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    if (http != null) {
      http.shutdownNow(); // close() would wait for a WebSocket a failed test left open
    }
    if (server != null) {
      Pools.assertAllFree(server);
    }
  }

  @Test
  void aWindowOutOfRangeNamesTheKeyAndTheValue() {
    for (int bad : new int[] {-1, ServerConfig.MAX_BUSY_POLL_MICROS + 1}) {
      ServerConfigException e =
          assertThrows(
              ServerConfigException.class,
              () -> ServerConfig.builder().busyPollMicros(bad).build());
      assertTrue(e.getMessage().contains("busyPollMicros = " + bad), e.getMessage());
    }
    assertEquals(0, ServerConfig.loopback().busyPollMicros(), "off by default");
    assertEquals(
        ServerConfig.MAX_BUSY_POLL_MICROS,
        ServerConfig.builder().busyPollMicros(ServerConfig.MAX_BUSY_POLL_MICROS).build().toBuilder()
            .build()
            .busyPollMicros());
  }

  /**
   * Right after each echo the loop is inside its window, where {@code selectNow} clears the
   * selector wake-up that {@code execute} makes: the window must still see the task. A lost task
   * would wait for the loop's next idle pass (a second), past the generous bound here.
   */
  @Test
  void executeAndEchoWorkWhileTheLoopSpins() throws Exception {
    WebSocket ws = open(ServerConfig.MAX_BUSY_POLL_MICROS);
    Collector messages = collector;
    for (int i = 0; i < 200; i++) {
      ws.sendText("m" + i, true).get(5, TimeUnit.SECONDS);
      assertEquals("m" + i, messages.next(5));
      recorder.expect("text m" + i);
      CountDownLatch ran = new CountDownLatch(1);
      assertTrue(server.execute(ran::countDown));
      assertTrue(ran.await(500, TimeUnit.MILLISECONDS), "task " + i + " was not run");
    }
    close(ws);
  }

  /** A connection that never sends its request is dropped at the handshake deadline. */
  @Test
  void deadlinesExpireWhileTheLoopSpins() throws Exception {
    WebSocket ws =
        open(
            ServerConfig.builder()
                .busyPollMicros(ServerConfig.MAX_BUSY_POLL_MICROS)
                .timeouts(300, 60_000)
                .build());
    try (Socket silent = new Socket()) {
      silent.connect(new InetSocketAddress("127.0.0.1", server.localPort()), 5_000);
      silent.setSoTimeout(50);
      InputStream in = silent.getInputStream();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int n = 0;
      // Traffic on the other connection keeps the loop in its window meanwhile.
      for (int i = 0; n >= 0 && System.nanoTime() - until < 0; i++) {
        ws.sendText("k" + i, true).get(5, TimeUnit.SECONDS);
        assertEquals("k" + i, collector.next(5));
        try {
          n = in.read(new byte[512]);
        } catch (java.net.SocketTimeoutException e) {
          n = 0;
        }
      }
      assertTrue(n < 0, "the silent connection was not dropped at its handshake deadline");
    }
    close(ws);
  }

  /**
   * After the traffic stops the window closes: the service thread's CPU time stays flat over an
   * idle half second (a loop that kept polling would use most of it).
   */
  @Test
  void aSpinningLoopSleepsWhenIdle() throws Exception {
    WebSocket ws = open(ServerConfig.MAX_BUSY_POLL_MICROS);
    CompletableFuture<Thread> serviceThread = new CompletableFuture<>();
    assertTrue(server.execute(() -> serviceThread.complete(Thread.currentThread())));
    long id = serviceThread.get(5, TimeUnit.SECONDS).threadId();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long busyStart = threads.getThreadCpuTime(id);
    for (int i = 0; i < 100; i++) {
      ws.sendText("w" + i, true).get(5, TimeUnit.SECONDS);
      assertEquals("w" + i, collector.next(5));
      recorder.expect("text w" + i);
    }
    long busy = threads.getThreadCpuTime(id) - busyStart;
    Thread.sleep(50); // well past the 1 ms window
    long idleStart = threads.getThreadCpuTime(id);
    Thread.sleep(500);
    long idle = threads.getThreadCpuTime(id) - idleStart;
    assertTrue(
        idle < TimeUnit.MILLISECONDS.toNanos(25),
        "the service thread used "
            + idle / 1000
            + " µs of CPU in an idle 500 ms ("
            + busy / 1000
            + " µs over 100 echoes)");
    close(ws);
  }

  private Collector collector;

  /** What the JDK client receives. */
  private static final class Collector extends JdkMessages {}

  private WebSocket open(int busyPollMicros) throws Exception {
    return open(ServerConfig.builder().busyPollMicros(busyPollMicros).build());
  }

  private WebSocket open(ServerConfig config) throws Exception {
    server = recorder.serveEcho(config);
    http = HttpClient.newHttpClient();
    collector = new Collector();
    return recorder.openJdkEcho(http, server.localPort(), collector);
  }

  private void close(WebSocket ws) throws Exception {
    ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    assertEquals("close 1000", collector.next(5));
    for (int i = 0; i < 300 && server.connectionSlots().inUse() > 0; i++) {
      Thread.sleep(10);
    }
  }
}
