package io.lightwire.examples.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.examples.support.Lifetime;
import io.lightwire.examples.support.Messages;
import io.lightwire.examples.support.Pools;
import io.lightwire.examples.support.SignalledRun;
import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.ReceiveLoop;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.client.WebSocketListener;
import io.lightwire.websock.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test server's two protocols seen from WebSocket clients, and its command line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestServerTest {

  /** The most messages the back-pressure scenario sends (3 KB each) before it gives up. */
  private static final int MAX_FLOOD_MESSAGES = 50_000;

  /** Messages sent after the first pause, so that some wait in the paused sender's socket. */
  private static final int MESSAGES_AFTER_PAUSE = 500;

  /** Runs a test server on a thread of its own until the scenario ends, then checks the pools. */
  private static final class Running implements AutoCloseable {
    final TestServer server;
    final Lifetime lifetime = new Lifetime(stop -> true);
    final Thread thread;

    Running(ServerConfig config) throws IOException {
      server = TestServer.open(config, null);
      thread = new Thread(() -> server.serve(lifetime), "test-server");
      thread.start();
    }

    WebSocketClient connect(String protocol) throws IOException {
      return WebSocketClient.open(
          ClientConfig.builder()
              .url("ws://127.0.0.1:" + server.server().localPort() + "/")
              .subprotocol(protocol)
              .build());
    }

    @Override
    public void close() {
      lifetime.requestStop();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lifetime.close();
      Pools.assertAllFree(server.server());
    }
  }

  @Test
  void dumbIncrementCountsUpOnEveryWritableCallbackAndResets() throws Exception {
    try (Running running = new Running(TestServer.config("127.0.0.1", 0));
        WebSocketClient client = running.connect(DumbIncrement.NAME)) {
      assertEquals(DumbIncrement.NAME, client.subprotocol());
      for (int expected = 0; expected < 5; expected++) {
        assertEquals(
            String.valueOf(expected), Messages.next(client), "numbers in order, none lost");
      }
      client.sendText("reset\n");
      int seen = 0;
      while (!Messages.next(client).equals("0")) {
        assertTrue(++seen < 100, "the counter restarts at 0 after reset");
      }
      assertEquals("1", Messages.next(client));
      client.sendText("closeme\n");
      String last;
      do {
        last = Messages.next(client);
      } while (!last.startsWith("close"));
      assertEquals("close 1000 seeya", last);
    }
  }

  @Test
  void eachConnectionHasItsOwnCounterAndThePathSelectsTheProtocolWithoutASubprotocol()
      throws Exception {
    try (Running running = new Running(TestServer.config("127.0.0.1", 0));
        WebSocketClient first = running.connect(DumbIncrement.NAME)) {
      for (int i = 0; i < 3; i++) {
        Messages.next(first);
      }
      try (WebSocketClient second =
          WebSocketClient.open(
              ClientConfig.of(
                  "ws://127.0.0.1:" + running.server.server().localPort() + "/dumb-increment"))) {
        assertEquals("0", Messages.next(second), "a new connection starts at 0");
      }
    }
  }

  @Test
  void mirrorSendsWhatAnyClientSendsToEveryClientIncludingTheSender() throws Exception {
    try (Running running = new Running(TestServer.config("127.0.0.1", 0));
        WebSocketClient alice = running.connect(Mirror.NAME);
        WebSocketClient bob = running.connect(Mirror.NAME)) {
      alice.sendText("d #ff0000 10 20 30 40;");
      assertEquals("d #ff0000 10 20 30 40;", Messages.next(alice));
      assertEquals("d #ff0000 10 20 30 40;", Messages.next(bob));
      bob.sendBinary(new byte[] {'o', 'k'}, 0, 2);
      assertEquals("binary:ok", Messages.next(alice), "binary stays binary");
      assertEquals("binary:ok", Messages.next(bob));
    }
  }

  @Test
  void aSenderIsPausedNotDroppedWhileEveryBroadcastBufferIsHeldByAStalledViewer() throws Exception {
    ServerConfig base = TestServer.config("127.0.0.1", 0);
    ServerConfig twoBuffers =
        ServerConfig.builder()
            .bindAddress(base.bindAddress())
            .port(0)
            .maxConnections(base.maxConnections())
            .rxBufferBytes(base.rxBufferBytes())
            .txBufferBytes(base.txBufferBytes())
            .maxHeaderBytes(base.maxHeaderBytes())
            .maxMessageBytes(base.maxMessageBytes())
            .broadcastBuffers(2)
            .broadcastBufferBytes(base.broadcastBufferBytes())
            .timeouts(base.handshakeTimeoutMillis(), base.idleTimeoutMillis())
            .build();
    String padding = "x".repeat(3_000);
    try (Running running = new Running(twoBuffers)) {
      WebSocketClient stalled = running.connect(Mirror.NAME); // never reads
      List<String> received = new CopyOnWriteArrayList<>();
      AtomicInteger sent = new AtomicInteger();
      try (WebSocketClient sender = running.connect(Mirror.NAME)) {
        ReceiveLoop loop =
            sender.startReceiveLoop(
                new WebSocketListener() {
                  private final ByteArrayOutputStream message = new ByteArrayOutputStream();

                  @Override
                  public void onText(byte[] buffer, int offset, int length, boolean last) {
                    message.write(buffer, offset, length);
                    if (last) {
                      String text = message.toString(StandardCharsets.UTF_8);
                      received.add(text.substring(0, text.indexOf(' ')));
                      message.reset();
                    }
                  }

                  @Override
                  public void onBinary(byte[] buffer, int offset, int length, boolean last) {}
                });
        // Flood until the stalled viewer's socket buffers are full and the sender was paused
        // (how much that takes depends on the kernel's buffer sizes), then a little more.
        Thread flood =
            new Thread(
                () -> {
                  try {
                    int stopAt = MAX_FLOOD_MESSAGES;
                    for (int i = 0; i < stopAt; i++) {
                      sender.sendText(i + " " + padding);
                      sent.incrementAndGet();
                      if (stopAt == MAX_FLOOD_MESSAGES && running.server.mirrorPauses() > 0) {
                        stopAt = i + 1 + MESSAGES_AFTER_PAUSE;
                      }
                    }
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        flood.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (running.server.mirrorPauses() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertTrue(running.server.mirrorPauses() > 0, "the stalled viewer held every buffer");
        stalled.close(1000, "", 10_000); // reads what was queued for it, then goes
        flood.join(60_000);
        assertTrue(!flood.isAlive(), "the paused sender was resumed");
        int messages = sent.get();
        while (received.size() < messages && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        loop.stop();
        assertEquals(messages, received.size(), "the sender's own mirror of every message");
        for (int i = 0; i < messages; i++) {
          assertEquals(String.valueOf(i), received.get(i), "in order, none lost");
        }
      }
    }
  }

  @Test
  void runPrintsWhereToOpenThePageAndStopsCleanly() throws Exception {
    SignalledRun run = SignalledRun.start(TestServerExample::new, "--port=0", "--bind=127.0.0.1");
    Matcher m =
        run.awaitOutput(Pattern.compile("test-server: open http://127\\.0\\.0\\.1:(\\d+)/ \\("));
    try (WebSocketClient client =
        WebSocketClient.open(
            ClientConfig.builder()
                .url("ws://127.0.0.1:" + m.group(1) + "/")
                .subprotocol(DumbIncrement.NAME)
                .build())) {
      assertEquals("0", Messages.next(client));
      run.signal(); // what SIGTERM or Ctrl-C does
      String last;
      do {
        last = Messages.next(client);
      } while (!last.startsWith("close"));
      assertTrue(last.startsWith("close 1001"), last);
    }
    assertEquals(0, run.awaitExit(), run.output());
  }
}
