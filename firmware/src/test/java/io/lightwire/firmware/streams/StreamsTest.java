package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.client.HandshakeException;
import io.lightwire.websock.pool.Pool;
import io.lightwire.websock.protocol.CloseCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;

/** The device API and the WebSocket protocol, with a page written in Java (JavaPage). */
class StreamsTest {

  private static final long WAIT = 5_000;

  @TempDir Path root;
  private Firmware firmware;

  private Streams boot(String... overrides) throws Exception {
    firmware = bootFirmware(root, overrides);
    return firmware.streams();
  }

  /** The firmware on a free loopback port with {@code overrides} as key, value, key, value... */
  static Firmware bootFirmware(Path root, String... overrides) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("server.bind", "127.0.0.1");
    for (int i = 0; i < overrides.length; i += 2) {
      settings.put(overrides[i], overrides[i + 1]);
    }
    FirmwareConfig config = FirmwareConfig.defaults().with(settings, "in the test");
    return Firmware.boot(config, new PrintStream(new ByteArrayOutputStream(), true), root);
  }

  private JavaPage page() throws Exception {
    return new JavaPage(firmware.port());
  }

  @AfterEach
  void everyPoolBackToZero() throws Exception {
    if (firmware == null) {
      return;
    }
    // Answers are freed on the service thread just after they are sent: wait for it, bounded.
    waitFor(() -> firmware.streams().pool().inUse() == 0, "stream messages free before stop");
    firmware.close();
    for (Pool pool : firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
    assertEquals(0, firmware.streams().pendingRequests(), "requests waiting after stop");
  }

  static void waitFor(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + " ms: " + what);
      }
      Thread.sleep(5);
    }
  }

  private static void assertError(ArrayValue m, int id, String code, String stream) {
    assertEquals(JavaPage.ERROR, m.get(0).asIntegerValue().asInt(), m.toString());
    assertEquals(id, m.get(1).asIntegerValue().asInt(), m.toString());
    assertEquals(code, m.get(2).asStringValue().toString(), m.toString());
    if (stream != null) {
      assertTrue(m.get(3).asStringValue().toString().contains("'" + stream + "'"), m.toString());
      assertEquals(stream, m.get(4).asStringValue().toString(), m.toString());
    }
  }

  private static ArrayValue expectResult(JavaPage page, int id) throws Exception {
    ArrayValue m = page.receive(WAIT);
    assertNotNull(m, "connection closed");
    assertEquals(JavaPage.RESULT, m.get(0).asIntegerValue().asInt(), m.toString());
    assertEquals(id, m.get(1).asIntegerValue().asInt(), m.toString());
    return m;
  }

  @Test
  void aPageReadsAndWritesDeviceStreamsWhoseHandlersRunOnTheApplicationThread() throws Exception {
    Streams streams = boot();
    List<String> threads = new ArrayList<>();
    List<Value> written = new ArrayList<>();
    streams.register(
        "temperature",
        Permission.READ,
        (request, reply) -> {
          threads.add(Thread.currentThread().getName());
          reply.packer().packDouble(21.5);
        });
    streams.register(
        "led",
        Permission.WRITE,
        (request, reply) -> {
          threads.add(Thread.currentThread().getName());
          written.add(request.value());
        });
    try (JavaPage page = page()) {
      page.send(JavaPage.LIST, 1);
      ArrayValue list = expectResult(page, 1);
      assertEquals("[\"led\",\"temperature\"]", list.get(2).toJson());

      page.send(JavaPage.READ, 2, "temperature");
      assertEquals(21.5, expectResult(page, 2).get(2).asFloatValue().toDouble());

      page.send(JavaPage.WRITE, 3, "led", true);
      assertTrue(expectResult(page, 3).get(2).isNilValue(), "a write answers nil");

      page.send(JavaPage.WRITE, 0, "led", false);
      assertTrue(page.quietFor(200), "a write with id 0 gets no answer");
      waitFor(() -> written.size() == 2, "second write handled");
    }
    assertEquals("[true, false]", written.toString());
    assertEquals(List.of("lightwire-app", "lightwire-app", "lightwire-app"), threads);
  }

  @Test
  void anUnknownStreamIsAnErrorThatNamesIt() throws Exception {
    boot();
    try (JavaPage page = page()) {
      page.send(JavaPage.READ, 7, "nope");
      assertError(page.receive(WAIT), 7, StreamErrors.UNKNOWN_STREAM, "nope");
      page.send(JavaPage.WRITE, 8, "nope", 1);
      assertError(page.receive(WAIT), 8, StreamErrors.UNKNOWN_STREAM, "nope");
    }
  }

  @Test
  void permissionsRefuseTheOtherDirection() throws Exception {
    Streams streams = boot();
    streams.register("ro", Permission.READ, (request, reply) -> reply.packer().packInt(1));
    streams.register("wo", Permission.WRITE, (request, reply) -> {});
    streams.register("rw", Permission.ALL, (request, reply) -> reply.packer().packInt(2));
    try (JavaPage page = page()) {
      page.send(JavaPage.WRITE, 1, "ro", 5);
      assertError(page.receive(WAIT), 1, StreamErrors.PERMISSION_DENIED, "ro");
      page.send(JavaPage.READ, 2, "wo");
      assertError(page.receive(WAIT), 2, StreamErrors.PERMISSION_DENIED, "wo");
      page.send(JavaPage.READ, 3, "rw");
      assertEquals(2, expectResult(page, 3).get(2).asIntegerValue().asInt());
      page.send(JavaPage.WRITE, 4, "rw", 9);
      assertEquals(2, expectResult(page, 4).get(2).asIntegerValue().asInt());
    }
  }

  @Test
  void malformedMessagesGetAnErrorAndTheConnectionStaysUsable() throws Exception {
    Streams streams = boot();
    streams.register("x", Permission.READ, (request, reply) -> reply.packer().packString("ok"));
    try (JavaPage page = page()) {
      page.sendRaw(new byte[] {(byte) 0xc1});
      assertError(page.receive(WAIT), 0, StreamErrors.MALFORMED, null);
      page.sendRaw(new byte[] {(byte) 0x93, 0x02, 0x05}); // [READ, 5, <missing>]
      assertError(page.receive(WAIT), 0, StreamErrors.MALFORMED, null);
      page.send(JavaPage.READ, 6); // too short for a read: the id is known
      assertError(page.receive(WAIT), 6, StreamErrors.MALFORMED, null);
      page.send(9, 7);
      assertError(page.receive(WAIT), 7, StreamErrors.MALFORMED, null);
      page.send(JavaPage.READ, 8, 42); // a stream name that is no string
      assertError(page.receive(WAIT), 8, StreamErrors.MALFORMED, null);
      byte[] deep = new byte[100];
      java.util.Arrays.fill(deep, (byte) 0x91); // 100 nested one-element arrays
      page.sendRaw(deep);
      ArrayValue tooDeep = page.receive(WAIT);
      assertError(tooDeep, 0, StreamErrors.MALFORMED, null);
      assertTrue(tooDeep.get(3).toString().contains("deeper"), tooDeep.toString());
      page.client.sendText("{\"op\":\"read\"}");
      assertError(page.receive(WAIT), 0, StreamErrors.MALFORMED, null);

      page.send(JavaPage.READ, 9, "x");
      assertEquals("ok", expectResult(page, 9).get(2).asStringValue().toString());
    }
    assertEquals(7, streams.malformedMessages());
  }

  @Test
  void aMessageLargerThanAStreamMessageClosesWith1009() throws Exception {
    boot("streams.message-bytes", "256");
    try (JavaPage page = page()) {
      page.send(JavaPage.WRITE, 1, "x", new byte[300]);
      assertNull(page.receive(WAIT));
      assertEquals(CloseCodes.TOO_BIG, page.client.status().code());
    }
  }

  @Test
  void theDeviceListsReadsAndWritesAPagesStreams() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(4);
    BlockingQueue<String> events = new ArrayBlockingQueue<>(4);
    streams.setHandlers(
        client -> {
          events.add("connect " + Thread.currentThread().getName());
          connected.add(client);
        },
        client -> events.add("disconnect " + client.isConnected()));
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      assertNotNull(client);
      assertEquals("connect lightwire-app", events.take());
      assertEquals(List.of(client), streams.clients());

      CompletableFuture<StreamResult> list =
          CompletableFuture.supplyAsync(() -> streams.list(client, WAIT));
      ArrayValue request = page.receive(WAIT);
      assertEquals(JavaPage.LIST, request.get(0).asIntegerValue().asInt());
      int id = request.get(1).asIntegerValue().asInt();
      page.send(
          JavaPage.RESULT,
          id,
          org.msgpack.value.ValueFactory.newArray(
              JavaPage.value("page-clock"), JavaPage.value("counter")));
      StreamResult names = list.get(WAIT, TimeUnit.MILLISECONDS);
      assertEquals(StreamResult.Status.OK, names.status());
      assertEquals("[\"page-clock\",\"counter\"]", names.value().toJson());

      CompletableFuture<StreamResult> read =
          CompletableFuture.supplyAsync(() -> streams.read(client, "page-clock", WAIT));
      request = page.receive(WAIT);
      assertEquals("[2," + request.get(1) + ",\"page-clock\"]", request.toJson());
      page.send(JavaPage.RESULT, request.get(1), 1234L);
      assertEquals(1234, read.get(WAIT, TimeUnit.MILLISECONDS).value().asIntegerValue().asInt());

      CompletableFuture<StreamResult> refused =
          CompletableFuture.supplyAsync(() -> streams.read(client, "secret", WAIT));
      request = page.receive(WAIT);
      page.send(JavaPage.ERROR, request.get(1), "permission-denied", "stream 'secret' is mine");
      StreamResult denied = refused.get(WAIT, TimeUnit.MILLISECONDS);
      assertEquals(StreamResult.Status.ERROR, denied.status());
      assertEquals(StreamErrors.PERMISSION_DENIED, denied.error());

      StreamContext write = streams.write(client, "counter");
      write.packer().packInt(41);
      int sent = streams.flush(write, WAIT);
      assertTrue(sent > 0, "flush result " + sent);
      assertEquals("[3,0,\"counter\",41]", page.receive(WAIT).toJson());
    }
    waitFor(() -> events.contains("disconnect false"), "disconnect handler");
  }

  @Test
  void aReadThePageNeverAnswersTimesOutAsItsOwnResult() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      StreamResult result = streams.read(client, "slow", 100);
      assertEquals(StreamResult.Status.TIMEOUT, result.status());
      ArrayValue request = page.receive(WAIT);
      page.send(JavaPage.RESULT, request.get(1), 1);
      waitFor(() -> streams.lateAnswers() == 1, "the late answer is counted, not delivered");
      assertEquals(0, streams.pendingRequests());
    }
  }

  @Test
  void aPageLeavingEndsTheDevicesWaitingReadWithClosed() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    JavaPage page = page();
    StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
    CompletableFuture<StreamResult> read =
        CompletableFuture.supplyAsync(() -> streams.read(client, "x", 10 * WAIT));
    page.receive(WAIT);
    page.close();
    assertEquals(StreamResult.Status.CLOSED, read.get(WAIT, TimeUnit.MILLISECONDS).status());
    assertEquals(StreamResult.Status.CLOSED, streams.read(client, "x", WAIT).status());
    StreamContext late = streams.write(client, "x");
    late.packer().packNil();
    assertEquals(Streams.CLOSED, streams.flush(late, WAIT));
  }

  @Test
  void anAbortedWriteSendsNothingAndFreesItsContext() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      StreamContext c = streams.write(client, "counter");
      c.packer().packInt(1);
      assertEquals(1, streams.pool().inUse());
      streams.abortWrite(c);
      streams.abortWrite(c); // harmless
      assertEquals(0, streams.pool().inUse());
      assertThrows(IllegalStateException.class, () -> c.packer());
      assertThrows(IllegalStateException.class, () -> streams.flush(c, 10));
      assertTrue(page.quietFor(200), "nothing was sent");
    }
  }

  @Test
  void aFlushToAPageThatDoesNotReadTimesOutAndItsContextIsFreedWhenThePageDrains()
      throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      int sent = 0;
      int result = 0;
      // The page reads nothing: socket buffers, then the transmit buffer and queue fill up.
      while (sent < 20_000) {
        StreamContext c = streams.write(client, "x");
        c.binDirect(4_000).put((byte) sent); // relative: the window starts at the bin
        result = streams.flush(c, 200);
        if (result < 0) {
          break;
        }
        sent++;
      }
      assertEquals(Streams.TIMEOUT, result, "after " + sent + " messages");
      // Normally the timed-out message waits in the page's queue (1 in use); on a loaded machine
      // the
      // service thread may have dropped it already.
      assertTrue(streams.pool().inUse() <= 1, "in use: " + streams.pool().inUse());
      int received = 0;
      while (received < sent) {
        ArrayValue m = page.receive(WAIT);
        assertEquals((byte) received, m.get(3).asBinaryValue().asByteArray()[0], "in order");
        received++;
      }
      // The timed-out message is dropped, not sent late: the caller was told it was not sent.
      // Its context went back to the pool when the page drained.
      waitFor(() -> streams.pool().inUse() == 0, "context freed after the page drained");
      assertTrue(page.quietFor(100));
    }
  }

  @Test
  void writeDirectFillsTheBinInPlace() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      StreamContext c = streams.write(client, "camera");
      ByteBuffer window = c.binDirect(1000);
      assertEquals(1000, window.remaining());
      for (int i = 0; i < 1000; i++) {
        window.put((byte) i);
      }
      assertTrue(streams.flush(c, WAIT) > 1000);
      ArrayValue m = page.receive(WAIT);
      byte[] bin = m.get(3).asBinaryValue().asByteArray();
      assertEquals(1000, bin.length);
      for (int i = 0; i < 1000; i++) {
        assertEquals((byte) i, bin[i]);
      }
      StreamContext big = streams.write(client, "camera");
      assertThrows(java.io.IOException.class, () -> big.binDirect(5000), "over 4096 bytes");
      streams.abortWrite(big);
    }
  }

  @Test
  void aPageFloodingRequestsGetsBusyBeyondItsShareOfThePool() throws Exception {
    Streams streams = boot(); // 64 stream messages: 16 answers in flight per page
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    streams.register(
        "slow",
        Permission.READ,
        (request, reply) -> {
          most.accumulateAndGet(streams.pool().inUse(), Math::max);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply.packer().packInt(1);
        });
    try (JavaPage page = page()) {
      for (int id = 1; id <= 40; id++) {
        page.send(JavaPage.READ, id, "slow");
      }
      int results = 0;
      int busy = 0;
      for (int i = 0; i < 40; i++) {
        ArrayValue m = page.receive(WAIT);
        if (m.get(0).asIntegerValue().asInt() == JavaPage.RESULT) {
          results++;
        } else {
          assertEquals(StreamErrors.BUSY, m.get(2).asStringValue().toString(), m.toString());
          busy++;
        }
      }
      assertEquals(40, results + busy);
      assertTrue(busy > 0, "some requests were refused");
      assertTrue(results >= 16, "a page's share was served: " + results);
      assertTrue(most.get() <= 16, "at most 16 buffers for one page, saw " + most.get());
      StreamContext own = streams.write(Streams.ALL, "x");
      assertNotNull(own, "the device still has buffers of its own");
      streams.abortWrite(own);
    }
  }

  @Test
  void aHandlerThatThrowsAnswersHandlerFailed() throws Exception {
    Streams streams = boot();
    streams.register(
        "broken",
        Permission.ALL,
        (request, reply) -> {
          reply.packer().packInt(1); // a partial answer is dropped
          throw new IllegalStateException("sensor unplugged");
        });
    try (JavaPage page = page()) {
      page.send(JavaPage.READ, 1, "broken");
      ArrayValue m = page.receive(WAIT);
      assertError(m, 1, StreamErrors.HANDLER_FAILED, "broken");
      assertTrue(m.get(3).toString().contains("sensor unplugged"), m.toString());
    }
  }

  @Test
  void theAcceptCallbackRefusesAPageBeforeItConnects() throws Exception {
    Streams streams = boot();
    List<StreamClient> connects = new ArrayList<>();
    streams.setHandlers(connects::add, null);
    streams.setAcceptCallback(request -> "let-me-in".equals(request.header("X-Token")));
    HandshakeException refused = assertThrows(HandshakeException.class, this::page);
    assertEquals(403, refused.status());
    Thread.sleep(100);
    assertEquals(List.of(), connects);
  }

  @Test
  void byDefaultOnlyPagesTheDeviceServedAndProgramsWithoutOriginConnect() throws Exception {
    boot();
    HandshakeException foreign =
        assertThrows(
            HandshakeException.class, () -> new JavaPage(firmware.port(), "http://evil.example"));
    assertEquals(403, foreign.status());
    try (JavaPage own = new JavaPage(firmware.port(), "http://127.0.0.1:" + firmware.port())) {
      own.send(JavaPage.LIST, 1);
      expectResult(own, 1);
    }
  }

  @Test
  void closeEndsAPagesConnectionNormally() throws Exception {
    Streams streams = boot();
    BlockingQueue<StreamClient> connected = new ArrayBlockingQueue<>(1);
    streams.setHandlers(connected::add, null);
    try (JavaPage page = page()) {
      StreamClient client = connected.poll(WAIT, TimeUnit.MILLISECONDS);
      assertTrue(streams.close(client));
      assertNull(page.receive(WAIT));
      assertEquals(1000, page.client.status().code());
      waitFor(() -> !client.isConnected(), "client gone");
      assertTrue(!streams.close(client), "a second close has nothing to close");
    }
  }

  @Test
  void registrationRulesAreChecked() throws Exception {
    Streams streams = boot();
    streams.register("a", Permission.ALL, (request, reply) -> {});
    assertThrows(
        IllegalArgumentException.class,
        () -> streams.register("a", Permission.ALL, (request, reply) -> {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> streams.register("a/b", Permission.ALL, (request, reply) -> {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> streams.register("", Permission.ALL, (request, reply) -> {}));
    assertTrue(streams.unregister("a"));
    assertTrue(!streams.unregister("a"));
    assertEquals(List.of(), streams.names());
  }
}
