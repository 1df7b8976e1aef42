package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https and wss on the service loop through Bouncy Castle JSSE, against the JDK's own TLS. */
class ServerTlsTest {

  private static TestCertificates certificates;
  private static final byte[] BIG = new byte[300_000];

  @TempDir Path dir;
  private final Recorder recorder = new Recorder();
  private Server server;
  private HttpClient http;

  @BeforeAll
  static void certificate() throws Exception {
    certificates = TestCertificates.selfSigned("localhost");
    new Random(9).nextBytes(BIG);
  }

  @BeforeEach
  void start() throws Exception {
    Path[] pem = certificates.writePem(dir);
    server =
        Server.builder(ServerConfig.loopback())
            .tls(ServerTls.fromPem(pem[0], pem[1]))
            .http(
                (request, response) -> {
                  if (request.path().equals("/big")) {
                    response.body("application/octet-stream", ByteBuffer.wrap(BIG));
                  } else {
                    response.body("text/plain", "secure hello");
                  }
                })
            .protocol(Protocol.of("echo", recorder))
            .open();
    server.start();
    http =
        HttpClient.newBuilder()
            .sslContext(certificates.trustingClientContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    http.close();
    server.stop();
    Pools.assertAllFree(server);
    assertEquals(0, server.tlsBuffers().orElseThrow().inUse(), "tls buffers in use");
  }

  private URI uri(String scheme, String path) {
    return URI.create(scheme + "://localhost:" + server.localPort() + path);
  }

  @Test
  void httpsAnswersSmallAndLargeBodies() throws Exception {
    HttpResponse<String> small =
        http.send(
            HttpRequest.newBuilder(uri("https", "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, small.statusCode());
    assertEquals("secure hello", small.body());
    HttpResponse<byte[]> big =
        http.send(
            HttpRequest.newBuilder(uri("https", "/big")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(BIG, big.body());
  }

  @Test
  void wssEchoesTextAndTheLargestBinaryMessage() throws Exception {
    CompletableFuture<String> text = new CompletableFuture<>();
    CompletableFuture<byte[]> binary = new CompletableFuture<>();
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    WebSocket ws =
        http.newWebSocketBuilder()
            .buildAsync(
                uri("wss", "/"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    text.complete(data.toString());
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    joined.writeBytes(b);
                    if (last) {
                      binary.complete(joined.toByteArray());
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    recorder.expect("open echo");
    ws.sendText("over tls", true).get(5, TimeUnit.SECONDS);
    assertEquals("over tls", text.get(5, TimeUnit.SECONDS));
    byte[] largest = java.util.Arrays.copyOf(BIG, 0xFFFF);
    ws.sendBinary(ByteBuffer.wrap(largest), true).get(5, TimeUnit.SECONDS);
    assertArrayEquals(largest, binary.get(5, TimeUnit.SECONDS));
    ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
    recorder.expect("text over tls");
    recorder.expect("binary 65535");
    recorder.expect("close 1000");
  }

  @Test
  void aDisconnectInTheMiddleOfTheHandshakeFreesEverything() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (RawHttp raw = new RawHttp(server.localPort())) {
        // The first bytes of a TLS ClientHello record, then a reset.
        raw.socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
        raw.socket.getOutputStream().flush();
        raw.socket.setSoLinger(true, 0);
      }
    }
    for (int i = 0; i < 100 && server.connectionSlots().inUse() > 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(0, server.connectionSlots().inUse());
  }

  @Test
  void plainHttpOnTheTlsPortIsDropped() throws Exception {
    try (RawHttp raw = new RawHttp(server.localPort())) {
      raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(raw.closedByServer(), "not answered in the clear");
    }
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedWithTheConversionCommand() throws Exception {
    Path[] pem = certificates.writePem(dir);
    Path rsaStyle = dir.resolve("old.pem");
    Files.writeString(
        rsaStyle, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> ServerTls.fromPem(pem[0], rsaStyle));
    assertTrue(e.getMessage().contains(rsaStyle.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "not a certificate");
    IOException bad = assertThrows(IOException.class, () -> ServerTls.fromPem(garbage, pem[1]));
    assertTrue(bad.getMessage().contains(garbage.toString()), bad.getMessage());
  }
}
