package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JettyPeer;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 004's {@code websock_recv} contract through {@link SeedReceiver}: a literal port of the
 * seed's receive loop ("keep calling while it returns >= 0; opcode < 0 means not complete yet")
 * runs against Jetty through idle periods far longer than its timeout, and ends only when the
 * connection does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SeedReceiverTest {

  private static final int RECV_TIMEOUT_MS = 20;

  /**
   * The seed's loop, ported line by line: {@code while ((rc = websock_recv(h, &hdr, buf, &len,
   * timeout)) >= 0) { if (hdr.opcode < 0) continue; ...assemble until fin... }}.
   */
  private static int seedLoop(
      SeedReceiver h, List<String> messages, AtomicInteger notYet, AtomicInteger calls) {
    MessageHeader hdr = new MessageHeader();
    byte[] buf = new byte[8];
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int rc;
    while ((rc = h.recv(hdr, buf, buf.length, RECV_TIMEOUT_MS)) >= 0) {
      calls.incrementAndGet();
      if (hdr.opcode() < 0) {
        notYet.incrementAndGet();
        continue; // not an error: keep calling
      }
      message.write(buf, 0, rc);
      if (hdr.fin() && hdr.remaining() == 0) {
        messages.add(message.toString(StandardCharsets.UTF_8));
        message.reset();
      }
    }
    return rc;
  }

  @Test
  void aLiteralPortOfTheSeedLoopRunsThroughIdlePeriodsUntilTheServerCloses() throws Exception {
    try (JettyPeer peer = JettyPeer.start();
        WebSocketClient client =
            WebSocketClient.open(
                ClientConfig.builder().url("ws://127.0.0.1:" + peer.port() + "/echo").build())) {
      SeedReceiver receiver = new SeedReceiver(client);
      List<String> messages = new CopyOnWriteArrayList<>();
      AtomicInteger notYet = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
      Thread loop =
          Thread.ofPlatform().start(() -> result.set(seedLoop(receiver, messages, notYet, calls)));
      for (String text : List.of("one", "a message longer than the buffer", "cmd:frag")) {
        Thread.sleep(10 * RECV_TIMEOUT_MS); // idle: ten timeouts in a row
        client.sendText(text);
      }
      Thread.sleep(10 * RECV_TIMEOUT_MS);
      assertTrue(loop.isAlive(), "the loop survives idle periods: " + messages);
      client.sendText("cmd:close:1000:bye");
      loop.join(10_000);
      assertEquals(SeedReceiver.ERROR, result.get(), "the loop ends when the connection does");
      assertEquals(List.of("one", "a message longer than the buffer", "frag-mént-ed"), messages);
      assertTrue(notYet.get() >= 4, "each idle period was reported as not-yet: " + notYet.get());
      assertEquals(new CloseStatus(1000, "bye"), client.status());
      assertNull(receiver.lastError(), "a normal close is not an error");
    }
  }

  @Test
  void theClientsOwnRecvReportsATimeoutAsNegativeWhichEndsALiteralPort() throws Exception {
    try (JettyPeer peer = JettyPeer.start();
        WebSocketClient client =
            WebSocketClient.open(
                ClientConfig.builder().url("ws://127.0.0.1:" + peer.port() + "/echo").build())) {
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[8];
      assertEquals(WebSocketClient.TIMEOUT, client.recv(header, buffer, 0, 8, RECV_TIMEOUT_MS));
      SeedReceiver receiver = new SeedReceiver(client);
      assertEquals(0, receiver.recv(header, buffer, buffer.length, RECV_TIMEOUT_MS));
      assertEquals(WebSocketProtocol.OPCODE_NONE, header.opcode());
    }
  }

  @Test
  void aBrokenConnectionEndsTheLoopWithTheErrorKept() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      SeedReceiver receiver = new SeedReceiver(client);
      peer.sendFrame(true, 0x3, new byte[0], false); // reserved opcode: 1002
      MessageHeader header = new MessageHeader();
      assertEquals(SeedReceiver.ERROR, receiver.recv(header, new byte[8], 8, 5_000));
      assertTrue(
          receiver.lastError() instanceof io.lightwire.websock.protocol.WebSocketProtocolException,
          String.valueOf(receiver.lastError()));
      assertEquals(SeedReceiver.ERROR, receiver.recv(header, new byte[8], 8, 5_000));
    }
  }
}
