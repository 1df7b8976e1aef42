package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.boards.Boards;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.EventQueue;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.testsupport.JdkMessages;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pins are their own owner: an application claims, drives and reads them and gets input edges
 * with no panel in existence; the GPIO panel is only a watcher, and a real WebSocket client (the
 * JDK's) connected to it sees what the application did.
 */
class GpioPinsTest {

  private static final long WAIT_SECONDS = 5;

  @Test
  void anApplicationDrivesReadsAndHearsEdgesWithNoPanel() throws Exception {
    EventQueue queue = new EventQueue(64);
    ApplicationThread app = new ApplicationThread(queue);
    EmulatedHardware board = new EmulatedHardware();
    GpioPins pins =
        GpioPins.open(Boards.EMULATED, board, List.of(17, 27), List.of(22), List.of(18), app);
    try {
      board.wire(27, 22);
      AtomicInteger changes = new AtomicInteger();
      pins.watch(changes::incrementAndGet);
      BlockingQueue<Boolean> edges = new LinkedBlockingQueue<>();
      pins.onEdge(22, (bcm, high, t) -> edges.add(high && app.isCurrentThread()));
      CompletableFuture<Void> done = new CompletableFuture<>();
      assertTrue(
          app.post(
              () -> {
                pins.write(17, true);
                pins.write(27, true);
                pins.writeDuty(18, 25);
                done.complete(null);
              }));
      done.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(board.level(17), "the emulated pin is high");
      assertTrue(pins.level(17));
      assertEquals(25.0, pins.duty(18));
      assertEquals(Boolean.TRUE, edges.poll(WAIT_SECONDS, TimeUnit.SECONDS), "edge on the app");
      assertTrue(pins.level(22));
      assertTrue(changes.get() >= 4, "three writes and an edge told the watcher: " + changes);
      assertEquals(List.of(17, 27), pins.outputs());
      assertEquals(1, pins.edgeCounts(22).delivered());
    } finally {
      pins.close();
      app.close();
      board.close();
    }
    assertEquals(0, queue.inUse());
  }

  @Test
  void aWebSocketClientOfThePanelSeesWhatTheApplicationWrites(@TempDir Path state)
      throws Exception {
    EventQueue queue = new EventQueue(64);
    ApplicationThread app = new ApplicationThread(queue);
    EmulatedHardware board = new EmulatedHardware();
    GpioPins pins = GpioPins.open(Boards.EMULATED, board, List.of(17), List.of(), List.of(), app);
    GpioPanel panel = new GpioPanel(pins, AccessToken.loadOrCreate(state), app, System::nanoTime);
    Server server = Server.builder(ServerConfig.loopback()).protocol(panel.protocol()).open();
    WebSocket client = null;
    try {
      server.start();
      panel.start(server);
      JdkMessages texts = new JdkMessages();
      client =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + server.localPort() + GpioPanel.PATH), texts)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(await(texts, "\"bcm\":17,\"mode\":\"output\",\"level\":false"), "first state");
      assertTrue(app.post(() -> pins.write(17, true)));
      assertNotNull(
          await(texts, "\"bcm\":17,\"mode\":\"output\",\"level\":true"), "the client was told");
      assertEquals(0, panel.controlsApplied(), "the application's write never went via the panel");

      while (!quietFor(texts)) {
        // drain: only what comes after the panel closed counts below
      }
      // A closed panel stops watching; the application's pins go on without it.
      panel.close();
      CompletableFuture<Boolean> level = new CompletableFuture<>();
      assertTrue(
          app.post(
              () -> {
                pins.write(17, false);
                level.complete(pins.level(17));
              }));
      assertFalse(level.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertFalse(board.level(17));
      assertTrue(quietFor(texts), "no push after the panel closed");
    } finally {
      if (client != null) {
        client.abort();
      }
      panel.close();
      server.stop();
      pins.close();
      app.close();
      board.close();
    }
    assertEquals(0, queue.inUse());
    assertEquals(0, server.connectionSlots().inUse());
  }

  /** The next text message containing {@code part}, skipping others; null after the wait. */
  private static String await(JdkMessages messages, String part) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (messages.next(WAIT_SECONDS) instanceof String m && m.contains(part)) {
        return m;
      }
    }
    return null;
  }

  /** True when nothing arrives within a second (JdkMessages fails its wait then). */
  private static boolean quietFor(JdkMessages messages) throws InterruptedException {
    try {
      messages.next(1);
      return false;
    } catch (AssertionError nothing) {
      return true;
    }
  }
}
