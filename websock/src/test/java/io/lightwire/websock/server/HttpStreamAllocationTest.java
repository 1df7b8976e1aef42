package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes allocated per part of a streamed body after setup, with {@code
 * ThreadMXBean#getThreadAllocatedBytes}: on the service thread for {@link HttpStream#write} (driven
 * from {@code onWritable}) and on both the publishing thread and the service thread for {@link
 * Server#publish}. The target is zero.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpStreamAllocationTest {

  private static final int PART_BYTES = 4_096;
  private static final int WARMUP = 5_000;
  private static final int MEASURED = 2_000;
  private static final int ROUNDS = 5;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final ByteBuffer part = ByteBuffer.allocate(PART_BYTES);
  private final ByteBuffer[] parts = {part};
  private final AtomicLong written = new AtomicLong();
  private volatile boolean selfWriting;
  private volatile Thread serviceThread;
  private Server server;

  private final HttpStreamHandler streams =
      new HttpStreamHandler() {
        @Override
        public void onOpen(HttpStream stream) {
          serviceThread = Thread.currentThread();
          if (selfWriting) {
            stream.requestWritable();
          }
        }

        @Override
        public void onWritable(HttpStream stream) {
          // Keep the stream busy from the service thread itself: one part per callback.
          if (stream.write(part.clear()) == PART_BYTES) {
            written.incrementAndGet();
          }
          stream.requestWritable();
        }

        @Override
        public void onClose(HttpStream stream) {}
      };

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
      Pools.assertAllFree(server);
    }
  }

  private Socket open() throws IOException {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    server =
        Server.open(
            ServerConfig.loopback(),
            (request, response) -> response.stream("application/octet-stream", streams));
    server.start();
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.localPort()), 5_000);
    socket.setSoTimeout(5_000);
    socket
        .getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    int matched = 0;
    while (matched < 4) { // the head, up to its blank line
      int b = in.read();
      assertTrue(b >= 0, "closed inside the head");
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (serviceThread == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return socket;
  }

  @Test
  void writesFromTheServiceThreadAllocateNothingPerPart() throws Exception {
    selfWriting = true;
    try (Socket socket = open()) {
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[PART_BYTES];
      for (int i = 0; i < WARMUP; i++) {
        in.readNBytes(sink, 0, PART_BYTES);
      }
      long id = serviceThread.threadId();
      double best = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long bytes0 = THREADS.getThreadAllocatedBytes(id);
        long parts0 = written.get();
        for (int i = 0; i < MEASURED; i++) {
          in.readNBytes(sink, 0, PART_BYTES);
        }
        long n = written.get() - parts0;
        best = Math.min(best, (THREADS.getThreadAllocatedBytes(id) - bytes0) / (double) n);
      }
      System.out.printf("service thread bytes per written part: %.3f%n", best);
      assertEquals(0.0, best, "bytes allocated per HttpStream.write on the service thread");
    }
  }

  @Test
  void publishedPartsAllocateNothingOnEitherThread() throws Exception {
    try (Socket socket = open()) {
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[PART_BYTES];
      for (int i = 0; i < WARMUP; i++) {
        publishAndRead(in, sink);
      }
      long service = serviceThread.threadId();
      long self = Thread.currentThread().threadId();
      double bestService = Double.MAX_VALUE;
      double bestPublisher = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long service0 = THREADS.getThreadAllocatedBytes(service);
        long self0 = THREADS.getThreadAllocatedBytes(self);
        for (int i = 0; i < MEASURED; i++) {
          publishAndRead(in, sink);
        }
        long self1 = THREADS.getThreadAllocatedBytes(self);
        long service1 = THREADS.getThreadAllocatedBytes(service);
        bestService = Math.min(bestService, (service1 - service0) / (double) MEASURED);
        bestPublisher = Math.min(bestPublisher, (self1 - self0) / (double) MEASURED);
      }
      System.out.printf(
          "bytes per published part: service thread %.3f, publishing thread %.3f%n",
          bestService, bestPublisher);
      assertEquals(0.0, bestService, "service thread bytes per published part");
      assertEquals(0.0, bestPublisher, "publishing thread bytes per published part");
    }
  }

  /** Publishes one part (retrying while every broadcast buffer is in flight) and reads it. */
  private void publishAndRead(InputStream in, byte[] sink) throws IOException {
    part.clear();
    while (server.publish(streams, parts) == HttpStream.BACK_PRESSURED) {
      Thread.onSpinWait();
    }
    int got = in.readNBytes(sink, 0, PART_BYTES);
    assertEquals(PART_BYTES, got);
  }
}
