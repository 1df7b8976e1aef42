package io.lightwire.firmware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.boards.Boards;
import io.lightwire.firmware.ApplicationThread;
import io.lightwire.firmware.EventQueue;
import io.lightwire.hal.emulated.EmulatedHardware;
import io.lightwire.websock.server.Server;
import io.lightwire.websock.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    GpioPanel panel = new GpioPanel(pins, AccessToken.loadOrCreate(state), app);
    Server server = Server.builder(ServerConfig.loopback()).protocol(panel.protocol()).open();
    WebSocket client = null;
    try {
      server.start();
      panel.start(server);
      Texts texts = new Texts();
      client =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + server.localPort() + GpioPanel.PATH), texts)
              .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(texts.await("\"bcm\":17,\"mode\":\"output\",\"level\":false"), "first state");
      assertTrue(app.post(() -> pins.write(17, true)));
      assertNotNull(
          texts.await("\"bcm\":17,\"mode\":\"output\",\"level\":true"), "the client was told");
      assertEquals(0, panel.controlsApplied(), "the application's write never went via the panel");

      while (texts.poll(200) != null) {
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
      assertNull(texts.poll(300), "no push after the panel closed");
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

  /** Collects whole text messages from the JDK client. */
  private static final class Texts implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    String await(String part) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (System.nanoTime() < deadline) {
        String m = received.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && m.contains(part)) {
          return m;
        }
      }
      return null;
    }

    String poll(long millis) throws InterruptedException {
      return received.poll(millis, TimeUnit.MILLISECONDS);
    }
  }
}
