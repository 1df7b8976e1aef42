package io.lightwire.firmware.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.firmware.Firmware;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.websock.pool.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** The REST binding, with the JDK's HTTP client as an independent peer. */
class StreamsRestTest {

  @TempDir Path root;
  private Firmware firmware;
  private HttpClient http;
  private final List<String> written = new CopyOnWriteArrayList<>();

  @BeforeEach
  void boot() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("server.port", "0");
    settings.put("server.bind", "127.0.0.1");
    settings.put("streams.rest-timeout-ms", "1000");
    firmware =
        Firmware.boot(
            FirmwareConfig.defaults().with(settings, "in the test"),
            new PrintStream(new ByteArrayOutputStream(), true),
            root);
    Streams streams = firmware.streams();
    streams.register(
        "temperature",
        Permission.READ,
        (r, reply) -> {
          reply.packer().packMapHeader(2).packString("celsius").packDouble(21.5);
          reply.packer().packString("sensor").packString("bme280");
        });
    streams.register("led", Permission.WRITE, (r, reply) -> written.add(r.value().toJson()));
    streams.register(
        "slow",
        Permission.ALL,
        (r, reply) -> {
          try {
            // Far past the 1 s REST timeout, so the check after the 504 sees it still running.
            Thread.sleep(2_500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    streams.register(
        "blob",
        Permission.READ,
        (r, reply) -> reply.writeBin(java.nio.ByteBuffer.wrap(new byte[] {0, 1, (byte) 255})));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    StreamsTest.waitFor(() -> firmware.streams().pool().inUse() == 0, "stream messages free");
    firmware.close();
    for (Pool pool : firmware.pools()) {
      assertEquals(0, pool.inUse(), pool.name() + " in use after stop");
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firmware.port() + path))
        .timeout(Duration.ofSeconds(5));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void getListsTheStreamsWithTheirPermissions() throws Exception {
    HttpResponse<String> r = send(request("/streams"));
    assertEquals(200, r.statusCode());
    assertEquals(
        "[{\"name\":\"blob\",\"permission\":\"READ\"},{\"name\":\"led\",\"permission\":\"WRITE\"},"
            + "{\"name\":\"slow\",\"permission\":\"ALL\"},"
            + "{\"name\":\"temperature\",\"permission\":\"READ\"}]",
        r.body());
  }

  @Test
  void getReadsAsJsonOrMsgpack() throws Exception {
    HttpResponse<String> json = send(request("/streams/temperature"));
    assertEquals(200, json.statusCode());
    assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
    assertEquals("{\"celsius\":21.5,\"sensor\":\"bme280\"}", json.body());

    HttpResponse<byte[]> packed =
        http.send(
            request("/streams/blob").header("Accept", "application/msgpack").build(),
            BodyHandlers.ofByteArray());
    assertEquals(200, packed.statusCode());
    assertEquals("application/msgpack", packed.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(new byte[] {(byte) 0xc4, 3, 0, 1, (byte) 255}, packed.body());
    assertEquals("\"AAH/\"", send(request("/streams/blob")).body(), "bin is base64 in JSON");
  }

  @Test
  void postWritesJsonOrMsgpackBodies() throws Exception {
    HttpResponse<String> json =
        send(
            request("/streams/led")
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString("{\"on\": true, \"level\": [1, 2.5, \"x\\u00e9\"]}")));
    assertEquals(200, json.statusCode(), json.body());
    assertEquals("null", json.body());
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      p.packArrayHeader(2).packInt(-1).packNil();
      HttpResponse<String> packed =
          send(
              request("/streams/led")
                  .header("Content-Type", "application/msgpack")
                  .POST(BodyPublishers.ofByteArray(p.toByteArray())));
      assertEquals(200, packed.statusCode(), packed.body());
    }
    assertEquals(List.of("{\"on\":true,\"level\":[1,2.5,\"xé\"]}", "[-1,null]"), written);
  }

  @Test
  void errorsAreJsonWithTheRightStatus() throws Exception {
    HttpResponse<String> unknown = send(request("/streams/nope"));
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "{\"error\":\"unknown-stream\",\"message\":\"no stream named 'nope'\",\"stream\":\"nope\"}",
        unknown.body());
    assertEquals(403, send(request("/streams/led")).statusCode());
    HttpResponse<String> readOnly =
        send(request("/streams/temperature").POST(BodyPublishers.ofString("1")));
    assertEquals(403, readOnly.statusCode());
    assertTrue(readOnly.body().contains("\"permission-denied\""), readOnly.body());

    HttpResponse<String> badJson =
        send(
            request("/streams/led")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"on\": tru}")));
    assertEquals(400, badJson.statusCode());
    assertTrue(badJson.body().contains("\"malformed\""), badJson.body());
    HttpResponse<String> badPack =
        send(
            request("/streams/led")
                .header("Content-Type", "application/msgpack")
                .POST(BodyPublishers.ofByteArray(new byte[] {(byte) 0x92, 1})));
    assertEquals(400, badPack.statusCode());
    HttpResponse<String> xml =
        send(
            request("/streams/led")
                .header("Content-Type", "text/xml")
                .POST(BodyPublishers.ofString("<on/>")));
    assertEquals(415, xml.statusCode());
    HttpResponse<String> untyped =
        send(request("/streams/led").POST(BodyPublishers.ofString("true")));
    assertEquals(415, untyped.statusCode(), "a body without a type is refused");
    HttpResponse<String> put = send(request("/streams/led").PUT(BodyPublishers.ofString("1")));
    assertEquals(405, put.statusCode());
    assertEquals("GET, HEAD, POST", put.headers().firstValue("Allow").orElse(""));
    assertEquals(List.of(), written);
  }

  @Test
  void requestsFromPagesOfOtherSitesAreRefusedByDefault() throws Exception {
    String self = "http://127.0.0.1:" + firmware.port();
    HttpResponse<String> foreign =
        send(
            request("/streams/led")
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("true")));
    assertEquals(403, foreign.statusCode());
    assertTrue(foreign.body().contains("\"refused\""), foreign.body());
    assertEquals(
        403, send(request("/streams").header("Origin", "http://evil.example")).statusCode());
    HttpResponse<String> own =
        send(
            request("/streams/led")
                .header("Origin", self)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("true")));
    assertEquals(200, own.statusCode(), own.body());
    assertEquals(List.of("true"), written);
  }

  @Test
  void aHandlerSlowerThanTheRestTimeoutIs504AndItsContextIsFreedWhenItEnds() throws Exception {
    HttpResponse<String> slow = send(request("/streams/slow"));
    assertEquals(504, slow.statusCode());
    assertTrue(slow.body().contains("\"timeout\""), slow.body());
    assertTrue(slow.body().contains("1000 ms"), slow.body());
    assertEquals(1, firmware.streams().pool().inUse(), "the handler still runs");
    StreamsTest.waitFor(() -> firmware.streams().pool().inUse() == 0, "freed after the handler");
    assertEquals(1, firmware.streams().lateRestAnswers(), "the late answer was dropped");
    assertEquals(200, send(request("/streams/temperature")).statusCode());
  }

  @Test
  void whileTheApplicationThreadWaitsForAPageRestIsBusyAtOnceNotStuck() throws Exception {
    java.util.concurrent.CountDownLatch listing = new java.util.concurrent.CountDownLatch(1);
    firmware
        .streams()
        .setHandlers(
            client -> {
              listing.countDown();
              firmware.streams().list(client, 10_000); // blocks the application thread
            },
            null);
    try (JavaPage page = new JavaPage(firmware.port())) {
      assertTrue(listing.await(5, java.util.concurrent.TimeUnit.SECONDS));
      org.msgpack.value.ArrayValue request = page.receive(5_000); // the device's LIST
      StreamsTest.waitFor(() -> firmware.streams().pendingRequests() == 1, "list waiting");
      HttpResponse<String> busy = send(request("/streams/temperature"));
      assertEquals(503, busy.statusCode(), busy.body());
      assertTrue(busy.body().contains("waiting for a page"), busy.body());
      page.send(JavaPage.RESULT, request.get(1), org.msgpack.value.ValueFactory.newArray());
      StreamsTest.waitFor(() -> firmware.streams().pendingRequests() == 0, "list answered");
      assertEquals(200, send(request("/streams/temperature")).statusCode());
    }
  }

  @Test
  void theJavaScriptClientAndItsMsgpackLibraryAreServed() throws Exception {
    HttpResponse<String> client = send(request("/lightwire/streams.js"));
    assertEquals(200, client.statusCode());
    assertTrue(
        client.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertTrue(client.body().contains("from './msgpack/index.mjs'"), "imports the library");
    HttpResponse<String> library = send(request("/lightwire/msgpack/index.mjs"));
    assertEquals(200, library.statusCode());
    assertTrue(library.body().contains("export { encode }"), library.body());
    assertEquals(200, send(request("/lightwire/msgpack/LICENSE")).statusCode());
    assertEquals(200, send(request("/")).statusCode(), "the status page is still there");
  }
}
