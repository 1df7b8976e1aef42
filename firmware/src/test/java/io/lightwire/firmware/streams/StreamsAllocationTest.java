package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Firmware;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes the device's thread allocates per write: take a context, pack a value (a number, or a 1 KiB
 * bin filled in place with binDirect), flush. Measured with {@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on the writing thread, after warm-up;
 * the target, and the assertion, is zero, to one page and to all pages.
 */
class StreamsAllocationTest {

  private static final int WARMUP = 20_000;
  private static final int MEASURED = 5_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TempDir Path root;

  @Test
  void writingAndFlushingAllocatesNothingOnTheWritingThread() throws Exception {
    Firmware firmware = StreamsTest.bootFirmware(root); // loopback, a free port
    Streams streams = firmware.streams();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = new JavaPage(firmware.port())) {
      StreamClient client = connected.poll(5, TimeUnit.SECONDS);
      assertNotNull(client);
      // The page must drain what it is sent: a reader thread discards the messages.
      Thread reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      while (page.receive(60_000) != null) {
                        // discard
                      }
                    } catch (Exception | AssertionError e) {
                      // the page closed at the end of the test
                    }
                  });
      long toOne = measure(streams, client, false);
      long toOneDirect = measure(streams, client, true);
      long toAll = measure(streams, Streams.ALL, false);
      System.out.printf(
          "stream write+flush allocation per message: to one page %d B, to one page with a 1 KiB"
              + " binDirect %d B, to all pages %d B%n",
          toOne, toOneDirect, toAll);
      assertEquals(0, toOne, "bytes per write+flush to one page");
      assertEquals(0, toOneDirect, "bytes per binDirect write+flush");
      assertEquals(0, toAll, "bytes per write+flush to all pages");
      page.client.close(); // ends the reader
      reader.join(5_000);
    } finally {
      StreamsTest.waitFor(() -> streams.pool().inUse() == 0, "stream messages free");
      firmware.close();
    }
    assertEquals(0, streams.pool().inUse());
  }

  /** Average bytes allocated per message over {@link #MEASURED} messages, after warm-up. */
  private static long measure(Streams streams, StreamClient to, boolean direct) throws Exception {
    long tid = Thread.currentThread().threadId();
    long allocated = 0;
    for (int i = 0; i < WARMUP + MEASURED; i++) {
      long before = THREADS.getThreadAllocatedBytes(tid);
      StreamContext c = streams.write(to, "counter");
      if (c == null) {
        i--; // every buffer in flight: the page is draining; try again
        Thread.onSpinWait();
        continue;
      }
      if (direct) {
        ByteBuffer window = c.binDirect(1024);
        window.putLong(i); // relative: the window's position is the bin's first byte
      } else {
        c.packer().packLong(i);
      }
      int result = streams.flush(c, 5_000);
      long after = THREADS.getThreadAllocatedBytes(tid);
      // To one page: the bytes handed over; to all: how many pages took it (0 when the page's
      // queue was full at that moment, a skip the flush reports).
      boolean handedOver = to == Streams.ALL ? result >= 0 : result > 0;
      assertTrue(handedOver || result == Streams.BACK_PRESSURED, "flush result " + result);
      if (i >= WARMUP) {
        allocated += after - before;
      }
    }
    return allocated / MEASURED;
  }
}
