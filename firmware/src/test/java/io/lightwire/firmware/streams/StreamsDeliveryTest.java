package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Firmware;
import io.lightwire.websock.pool.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a write to every page reports, and the connect and disconnect events: seed 000 tells the
 * device about each page's arrival and departure, so none may be lost to a full application queue.
 */
@Tag("slow")
class StreamsDeliveryTest {

  private static final long WAIT = 5_000;

  @TempDir Path root;
  private Firmware firmware;

  private Streams boot(String... overrides) throws Exception {
    String[] all = java.util.Arrays.copyOf(overrides, overrides.length + 2);
    all[overrides.length] = "camera.enabled";
    all[overrides.length + 1] = "false";
    firmware = StreamsTest.bootFirmware(root, all);
    return firmware.streams();
  }

  @AfterEach
  void everyPoolBackToZero() throws Exception {
    if (firmware == null) {
      return;
    }
    StreamsTest.waitFor(() -> firmware.streams().pool().inUse() == 0, "stream messages free");
    firmware.close();
    for (Pool pool : firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
  }

  @Test
  void writeAllReportsThePagesThatGotTheMessageAndCountsSkipsPerStream() throws Exception {
    Streams streams = boot();
    List<StreamClient> connected = new CopyOnWriteArrayList<>();
    streams.setHandlers(connected::add, null);
    try (JavaPage reader = new JavaPage(firmware.port());
        JavaPage stalled = new JavaPage(firmware.port())) {
      StreamsTest.waitFor(() -> connected.size() == 2, "both pages connected");
      AtomicBoolean reading = new AtomicBoolean(true);
      AtomicInteger read = new AtomicInteger();
      Thread drain =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (reading.get() && reader.receive(WAIT) != null) {
                        read.incrementAndGet();
                      }
                    } catch (Throwable e) {
                      // the page closes at the end of the test
                    }
                  });
      StreamContext first = streams.write(Streams.ALL, "x");
      first.packer().packInt(0);
      assertEquals(2, streams.flush(first, WAIT), "both pages got the first message");
      // The stalled page reads nothing: its socket buffers, then its transmit queue fill up, and a
      // write to all pages skips it while the reader still gets every message.
      int result = 2;
      int writes = 1;
      while (result == 2 && writes < 20_000) {
        // Paced by the reader, so only the stalled page's queue can be full.
        int sent = writes;
        StreamsTest.waitFor(() -> read.get() == sent, "the reader keeps up");
        StreamContext c = streams.write(Streams.ALL, "x");
        c.binDirect(4_000).put((byte) writes);
        result = streams.flush(c, WAIT);
        writes++;
      }
      assertEquals(1, result, "after " + writes + " writes: the stalled page was skipped");
      StreamContext other = streams.write(Streams.ALL, "y");
      other.packer().packInt(1);
      assertEquals(1, streams.flush(other, WAIT));
      assertEquals(1, streams.pagesSkipped("x"));
      assertEquals(1, streams.pagesSkipped("y"));
      assertEquals(0, streams.pagesSkipped("never-written"));
      String status = status();
      assertTrue(status.contains("\"writeAll\":[{\"stream\":\"x\",\"writes\":" + writes), status);
      assertTrue(status.contains("\"skipped\":1}"), status);
      int expected = writes + 1;
      StreamsTest.waitFor(() -> read.get() == expected, "the reader got every message");
      reading.set(false);
      drain.join(WAIT);
      assertTrue(stalled.client.isOpen(), "the stalled page was skipped, not dropped");
    }
  }

  private String status() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firmware.port() + "/status"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  @Test
  void connectAndDisconnectEventsAreNeverLostToAFullApplicationQueue() throws Exception {
    Streams streams = boot("app.queue-capacity", "8");
    List<String> events = new CopyOnWriteArrayList<>();
    streams.setHandlers(
        client -> events.add("connect " + client.id()),
        client -> events.add("disconnect " + client.id()));
    // The application is busy and its queue is full of ordinary events.
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    assertTrue(
        firmware
            .applicationThread()
            .post(
                () -> {
                  running.countDown();
                  try {
                    busy.await(WAIT, TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    assertTrue(running.await(WAIT, TimeUnit.MILLISECONDS));
    int queued = 0;
    while (firmware.applicationThread().post(() -> {})) {
      queued++;
    }
    assertEquals(8, queued, "the application's own share of the queue");
    // Pages come and go meanwhile, some on the same slot again.
    int pages = 6;
    for (int i = 0; i < pages; i++) {
      JavaPage page = new JavaPage(firmware.port());
      page.close();
    }
    List<JavaPage> staying = new ArrayList<>();
    staying.add(new JavaPage(firmware.port()));
    Thread.sleep(200); // let the service thread see every close
    assertFalse(firmware.applicationThread().post(() -> {}), "still full for ordinary events");
    busy.countDown();
    StreamsTest.waitFor(() -> events.size() == 2 * pages + 1, "every event delivered: " + events);
    for (int i = 0; i < pages; i++) {
      int connect = events.indexOf("connect " + (i + 1));
      int disconnect = events.indexOf("disconnect " + (i + 1));
      assertTrue(connect >= 0 && disconnect > connect, "page " + (i + 1) + ": " + events);
    }
    assertTrue(events.contains("connect " + (pages + 1)), events.toString());
    assertEquals(0, streams.eventsRefused(), "nothing refused");
    for (JavaPage page : staying) {
      page.close();
    }
  }
}
