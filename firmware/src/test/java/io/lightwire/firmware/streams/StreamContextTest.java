package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.ManualClock;
import io.lightwire.websock.pool.BufferPool;
import io.lightwire.websock.server.SameOrigin;
import io.lightwire.websock.server.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Output contexts without a server: what the packer writes lands in the pooled buffer behind the
 * frame headroom, a message that does not fit fails cleanly at any size, and a context reused after
 * a failure starts clean.
 */
class StreamContextTest {

  private static final int SIZE = 256;
  private final BufferPool pool = new BufferPool("stream messages", 2, SIZE, false);
  private final Streams streams = new Streams(pool, 60_000, 500);

  @AfterEach
  void poolBackToZero() {
    assertEquals(0, pool.inUse());
  }

  private static Value decode(StreamContext c) throws IOException {
    ByteBuffer m = c.message();
    assertEquals(WebSocketConnection.HEADROOM, m.position(), "the message starts after headroom");
    byte[] bytes = new byte[m.remaining()];
    m.get(bytes);
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      Value v = u.unpackValue();
      assertTrue(!u.hasNext(), "one value");
      return v;
    }
  }

  @Test
  void aWriteIsTheEnvelopeThenTheValuePackedInPlace() throws Exception {
    StreamContext c = streams.write(Streams.ALL, "counter");
    assertNotNull(c);
    c.packer().packMapHeader(1).packString("n").packInt(7);
    assertEquals("[3,0,\"counter\",{\"n\":7}]", decode(c).toJson());
    streams.abortWrite(c);
  }

  @Test
  void everyMessageSizeUpToTheBufferFitsAndOneByteMoreDoesNot() throws Exception {
    int capacity = SIZE - WebSocketConnection.HEADROOM;
    for (int length = 0; length < capacity; length++) {
      StreamContext c = streams.write(Streams.ALL, "x");
      int envelope = c.size();
      int binHeader = length < 256 ? 2 : 3;
      int payload = length - envelope - binHeader;
      if (payload < 0) {
        streams.abortWrite(c);
        continue;
      }
      ByteBuffer window = c.binDirect(payload);
      while (window.hasRemaining()) {
        window.put((byte) 0x5a);
      }
      assertEquals(length, c.size());
      Value v = decode(c);
      assertEquals(payload, v.asArrayValue().get(3).asBinaryValue().asByteArray().length);
      streams.abortWrite(c);
    }
    StreamContext c = streams.write(Streams.ALL, "x");
    int tooMuch = capacity - c.size() - 2 + 1;
    assertThrows(IOException.class, () -> c.binDirect(tooMuch));
    streams.abortWrite(c);
  }

  @Test
  void longStringsAndPayloadsPackedPieceByPieceStayInOrder() throws Exception {
    StreamContext c = streams.write(Streams.ALL, "text");
    String text = "é".repeat(100); // 200 bytes, past msgpack-core's small-string path
    c.packer().packArrayHeader(2).packString(text).packBinaryHeader(10);
    c.packer().writePayload(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    Value v = decode(c).asArrayValue().get(3);
    assertEquals(text, v.asArrayValue().get(0).asStringValue().toString());
    assertEquals(10, v.asArrayValue().get(1).asBinaryValue().asByteArray()[9]);
    streams.abortWrite(c);
  }

  @Test
  void aContextReusedAfterAnOverflowStartsClean() throws Exception {
    StreamContext c = streams.write(Streams.ALL, "big");
    assertThrows(IOException.class, () -> c.packer().packString("x".repeat(1_000)));
    streams.abortWrite(c);
    StreamContext a = streams.write(Streams.ALL, "small");
    StreamContext b = streams.write(Streams.ALL, "small");
    for (StreamContext again : new StreamContext[] {a, b}) {
      again.packer().packInt(1);
      assertEquals("[3,0,\"small\",1]", decode(again).toJson());
      streams.abortWrite(again);
    }
  }

  @Test
  void aFreedContextRefusesUse() throws Exception {
    StreamContext c = streams.write(Streams.ALL, "x");
    streams.abortWrite(c);
    IllegalStateException e = assertThrows(IllegalStateException.class, c::packer);
    assertTrue(e.getMessage().contains("free"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> c.binDirect(1));
  }

  @Test
  void aContextNeitherFlushedNorAbortedIsReclaimedAndReported() {
    // The lease is measured on this clock: the test moves time on instead of sleeping past it.
    ManualClock nanos = new ManualClock();
    BufferPool two = new BufferPool("stream messages", 2, SIZE, false);
    Streams leased = new Streams(new StreamsCore(two, 1_000, 500, SameOrigin.plain(), 8, nanos));
    StreamContext first = leased.write(Streams.ALL, "counter");
    StreamContext second = leased.write(Streams.ALL, "counter");
    assertNotNull(first);
    assertNotNull(second);
    leased.abortWrite(second);
    nanos.advanceMillis(1_000);
    assertEquals(0, leased.reclaimLeaked(), "not before the lease ends");
    nanos.advance(Duration.ofNanos(1));
    // Pool of two: both taken again means the leaked one was reclaimed on the way.
    StreamContext a = leased.write(Streams.ALL, "counter");
    StreamContext b = leased.write(Streams.ALL, "counter");
    assertNotNull(a);
    assertNotNull(b);
    assertEquals(1, leased.leakedContexts());
    assertNull(leased.write(Streams.ALL, "counter"), "exhausted is null, not an exception");
    leased.abortWrite(a);
    leased.abortWrite(b);
    assertEquals(0, two.inUse());
  }

  @Test
  void abortsRacingLeakSweepsFreeEachContextExactlyOnce() throws Exception {
    BufferPool small = new BufferPool("stream messages", 4, SIZE, false);
    Streams racing = new Streams(small, 10, 500); // a 10 ms lease: sweeps hit live contexts
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread sweeper =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (running.get()) {
                    racing.reclaimLeaked();
                  }
                });
    Thread[] writers = new Thread[3];
    for (int t = 0; t < writers.length; t++) {
      int seed = t;
      writers[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 300; i++) {
                        StreamContext c = racing.write(Streams.ALL, "x");
                        if (c == null) {
                          continue;
                        }
                        if ((i + seed) % 5 == 0) {
                          Thread.sleep(11); // past the lease: the sweeper may take it now
                        }
                        racing.abortWrite(c); // must never free a context twice
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  });
    }
    for (Thread writer : writers) {
      writer.join();
    }
    running.set(false);
    sweeper.join();
    if (failure.get() != null) {
      throw new AssertionError("a writer failed", failure.get());
    }
    assertEquals(0, small.inUse(), "every context back exactly once");
    assertTrue(racing.leakedContexts() > 0, "the sweeps did reclaim held contexts");
  }

  @Test
  void anExhaustedPoolGivesNullAndIsCounted() {
    StreamContext a = streams.write(Streams.ALL, "x");
    StreamContext b = streams.write(Streams.ALL, "x");
    assertEquals(null, streams.write(Streams.ALL, "x"));
    assertEquals(1, streams.exhaustions());
    streams.abortWrite(a);
    streams.abortWrite(b);
  }
}
