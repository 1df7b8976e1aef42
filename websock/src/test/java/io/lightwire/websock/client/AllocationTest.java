package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JettyPeer;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steady-state bytes allocated per message by the client's own thread on the send and receive
 * paths, over loopback to Jetty (whose allocations happen on its threads and are not counted).
 * Measured with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}; the target, and
 * the assertion, is zero.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AllocationTest {

  private static final int WARMUP = 20_000;
  private static final int MEASURED = 5_000;
  private static final int ROUNDS = 5;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void sendAndReceiveAllocateNothingPerMessage() throws Exception {
    assertTrue(THREADS.isThreadAllocatedMemorySupported());
    THREADS.setThreadAllocatedMemoryEnabled(true);
    try (JettyPeer peer = JettyPeer.start()) {
      try (WebSocketClient client = openEcho(peer, 8192)) {
        byte[] message = new byte[1024];
        byte[] buffer = new byte[4096];
        MessageHeader header = new MessageHeader();
        long[] bytes = new long[2];
        for (int i = 0; i < WARMUP; i++) {
          roundTrip(client, message, buffer, header, bytes, i);
        }
        // Rounds of MEASURED messages: a per-message allocation shows in every round (at least
        // one object per message), while a one-off cost of a loaded machine (a contended lock's
        // queue node, a deoptimization) lands in one round only. Zero in a whole round is the
        // proof that the send and receive paths allocate nothing per message.
        long baseline = measureNothing();
        StringBuilder rounds = new StringBuilder();
        boolean zeroRound = false;
        for (int round = 0; round < ROUNDS && !zeroRound; round++) {
          bytes[0] = 0;
          bytes[1] = 0;
          for (int i = 0; i < MEASURED; i++) {
            roundTrip(client, message, buffer, header, bytes, i);
          }
          double send = Math.max(0, bytes[0] - baseline * MEASURED) / (double) MEASURED;
          double recv = Math.max(0, bytes[1] - baseline * MEASURED) / (double) MEASURED;
          rounds.append(String.format(" [send %.2f, recv %.2f]", send, recv));
          zeroRound = send == 0.0 && recv == 0.0;
        }
        System.out.printf(
            "allocated bytes per message, rounds of %d messages:%s%n", MEASURED, rounds);
        assertTrue(
            zeroRound,
            "no round of " + MEASURED + " messages allocated zero bytes on both paths:" + rounds);
      }
    }
  }

  @Test
  void corkedBatchesAllocateNothingPerMessage() throws Exception {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    try (JettyPeer peer = JettyPeer.start()) {
      try (WebSocketClient client = openEcho(peer, 16384)) {
        byte[] message = new byte[64];
        byte[] buffer = new byte[4096];
        MessageHeader header = new MessageHeader();
        long tid = Thread.currentThread().threadId();
        for (int i = 0; i < WARMUP / BATCH; i++) {
          batch(client, message, buffer, header);
        }
        long baseline = measureNothing();
        StringBuilder rounds = new StringBuilder();
        boolean zeroRound = false;
        for (int round = 0; round < ROUNDS && !zeroRound; round++) {
          long before = THREADS.getThreadAllocatedBytes(tid);
          for (int i = 0; i < MEASURED / BATCH; i++) {
            batch(client, message, buffer, header);
          }
          long used = THREADS.getThreadAllocatedBytes(tid) - before - baseline;
          double perMessage = Math.max(0, used) / (double) MEASURED;
          rounds.append(String.format(" [%.2f]", perMessage));
          zeroRound = perMessage == 0.0;
        }
        System.out.printf("corked: allocated bytes per message:%s%n", rounds);
        assertTrue(zeroRound, "no corked round allocated zero bytes:" + rounds);
      }
    }
  }

  private static final int BATCH = 16;

  /** Sends {@link #BATCH} messages in one corked write and receives their echoes. */
  private static void batch(
      WebSocketClient client, byte[] message, byte[] buffer, MessageHeader header)
      throws IOException {
    client.cork();
    for (int i = 0; i < BATCH; i++) {
      message[0] = (byte) i;
      client.sendBinary(message, 0, message.length);
    }
    client.uncork();
    for (int i = 0; i < BATCH; i++) {
      int n = client.recv(header, buffer, 0, buffer.length, 5_000);
      if (n != message.length || buffer[0] != (byte) i) {
        throw new IOException("echo " + i + " mismatch: recv returned " + n);
      }
    }
  }

  /** A client of the Jetty echo peer on caller-supplied buffers of {@code bytes} each. */
  private static WebSocketClient openEcho(JettyPeer peer, int bytes) throws IOException {
    return WebSocketClient.open(
        ClientConfig.builder()
            .url("ws://127.0.0.1:" + peer.port() + "/echo")
            .buffers(new byte[bytes], new byte[bytes])
            .build());
  }

  private static long measureNothing() {
    long tid = Thread.currentThread().threadId();
    long a = THREADS.getThreadAllocatedBytes(tid);
    long b = THREADS.getThreadAllocatedBytes(tid);
    return b - a;
  }

  /** Alternates binary and text messages; counts send and receive allocations apart. */
  private static void roundTrip(
      WebSocketClient client,
      byte[] message,
      byte[] buffer,
      MessageHeader header,
      long[] bytes,
      int i)
      throws IOException {
    long tid = Thread.currentThread().threadId();
    long t0 = THREADS.getThreadAllocatedBytes(tid);
    message[0] = (byte) i;
    int type = (i & 1) == 0 ? WebSocketProtocol.OPCODE_BINARY : WebSocketProtocol.OPCODE_TEXT;
    message[0] &= 0x7F; // keep the text ASCII, hence valid UTF-8
    if (type == WebSocketProtocol.OPCODE_BINARY) {
      client.sendBinary(message, 0, message.length);
    } else {
      client.sendText(message, 0, message.length);
    }
    long t1 = THREADS.getThreadAllocatedBytes(tid);
    int received = 0;
    do {
      int n = client.recv(header, buffer, 0, buffer.length, 5_000);
      if (n < 0) {
        throw new IOException("recv returned " + n);
      }
      received += n;
    } while (!header.endOfMessage());
    long t2 = THREADS.getThreadAllocatedBytes(tid);
    if (received != message.length || header.messageType() != type) {
      throw new IOException(
          "echo mismatch: " + received + " bytes of type " + header.messageType());
    }
    bytes[0] += t1 - t0;
    bytes[1] += t2 - t1;
  }
}
