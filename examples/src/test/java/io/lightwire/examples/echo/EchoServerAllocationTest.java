package io.lightwire.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.MessageHeader;
import io.lightwire.websock.client.WebSocketClient;
import io.lightwire.websock.protocol.WebSocketProtocol;
import io.lightwire.websock.server.Server;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo path allocates nothing per message on the service thread: after a warm-up, tens of
 * thousands of text and binary echoes (small, and 0xFFFF bytes in several TCP segments) over a few
 * connections leave the thread's allocated-bytes counter ({@code com.sun.management.ThreadMXBean})
 * where it was, give or take a one-off.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EchoServerAllocationTest {

  private static final int CONNECTIONS = 3;
  private static final int WARM_UP_ROUNDS = 6_000;
  private static final int MEASURED_ROUNDS = 10_000;

  /** A per-message allocation of even one small object over the measured echoes is far above. */
  private static final long ONE_OFF_BYTES = 4_096;

  @Test
  void theServiceThreadAllocatesNothingPerEcho() throws Exception {
    Lines out = new Lines();
    Lines err = new Lines();
    AtomicReference<Runnable> stop = new AtomicReference<>();
    AtomicReference<Server> server = new AtomicReference<>();
    EchoServerExample example =
        new EchoServerExample(
            err.stream,
            action -> {
              stop.set(action);
              return true;
            },
            server::set);
    FutureTask<Integer> running =
        new FutureTask<>(() -> example.run(new String[] {"--port", "0"}, out.stream));
    Thread.ofPlatform().name("echo-server-under-test").start(running);
    java.util.regex.Matcher m = EchoServerExampleTest.LISTENING.matcher(out.next());
    assertTrue(m.matches());
    ClientConfig config =
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + m.group(2) + "/")
            .bufferBytes(0x10000 + 16, 0x10000 + 16)
            .build();
    WebSocketClient[] clients = new WebSocketClient[CONNECTIONS];
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        clients[i] = WebSocketClient.open(config);
      }
      Echoes echoes = new Echoes(clients);
      echoes.run(WARM_UP_ROUNDS);
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long serviceThread = serviceThreadId();
      long before = threads.getThreadAllocatedBytes(serviceThread);
      echoes.run(MEASURED_ROUNDS);
      long allocated = threads.getThreadAllocatedBytes(serviceThread) - before;
      long messages = (long) MEASURED_ROUNDS * CONNECTIONS * Echoes.KINDS;
      assertTrue(
          allocated < ONE_OFF_BYTES,
          "the service thread allocated "
              + allocated
              + " bytes over "
              + messages
              + " echoes ("
              + (double) allocated / messages
              + " B/message)");
      for (WebSocketClient client : clients) {
        assertTrue(client.close(1000, "done", 10_000));
      }
    } finally {
      for (WebSocketClient client : clients) {
        if (client != null) {
          client.close();
        }
      }
      stop.get().run();
      assertEquals(0, running.get(30, TimeUnit.SECONDS));
    }
    assertEquals(0, server.get().connectionSlots().inUse());
  }

  private static long serviceThreadId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("lightwire-service")) {
        return t.threadId();
      }
    }
    throw new AssertionError("no lightwire-service thread");
  }

  /** One round: each client sends a text, a small binary and a 0xFFFF binary, then reads all. */
  private static final class Echoes {
    static final int KINDS = 3;
    private final WebSocketClient[] clients;
    private final byte[] text = "héllo, echo".getBytes(StandardCharsets.UTF_8);
    private final byte[] small = new byte[100];
    private final byte[] large = new byte[0xFFFF];
    private final byte[] buffer = new byte[0x10000];
    private final MessageHeader header = new MessageHeader();

    Echoes(WebSocketClient[] clients) {
      this.clients = clients;
      new java.util.Random(5).nextBytes(large);
    }

    void run(int rounds) throws IOException {
      for (int r = 0; r < rounds; r++) {
        for (WebSocketClient c : clients) {
          c.sendText(text, 0, text.length);
          c.sendBinary(small, 0, small.length);
          c.sendBinary(large, 0, large.length);
        }
        for (WebSocketClient c : clients) {
          expect(c, WebSocketProtocol.OPCODE_TEXT, text.length);
          expect(c, WebSocketProtocol.OPCODE_BINARY, small.length);
          expect(c, WebSocketProtocol.OPCODE_BINARY, large.length);
        }
      }
    }

    private void expect(WebSocketClient c, int type, int length) throws IOException {
      int got = 0;
      do {
        int n = c.recv(header, buffer, got, buffer.length - got, 10_000);
        if (n < 0) {
          throw new IOException("no echo: " + n);
        }
        got += n;
      } while (!header.endOfMessage());
      if (got != length || header.messageType() != type) {
        throw new IOException("echo of " + length + " B type " + type + " came back as " + header);
      }
    }
  }
}
