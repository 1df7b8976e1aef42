package io.lightwire.websock.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightwire.testsupport.RawHttp;
import io.lightwire.testsupport.TestCertificates;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https and wss on the service loop through Bouncy Castle JSSE, against the JDK's own TLS. */
@Tag("process")
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
    Pools.awaitSlotsInUse(server, 0);
  }

  @Test
  void plainHttpOnTheTlsPortIsAnsweredWith400SayingToUseHttps() throws Exception {
    try (HttpClient plain = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          plain.send(
              HttpRequest.newBuilder(uri("http", "/")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, response.statusCode());
      assertTrue(response.body().contains("https://"), response.body());
    }
    Pools.awaitSlotsInUse(server, 0);
  }

  @Test
  void pkcs1RsaAndSec1EcKeysFromOpensslServeHttps() throws Exception {
    assumeTrue(TestCertificates.opensslInstalled(), "needs /usr/bin/openssl; skipped");
    for (String kind : new String[] {"rsa", "ec"}) {
      Path key = dir.resolve(kind + "-key.pem");
      Path cert = dir.resolve(kind + "-cert.pem");
      if (kind.equals("rsa")) {
        TestCertificates.openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
        assertTrue(Files.readString(key).contains("BEGIN RSA PRIVATE KEY"), "PKCS #1");
      } else {
        TestCertificates.openssl(
            "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        assertTrue(Files.readString(key).contains("BEGIN EC PRIVATE KEY"), "SEC1");
      }
      TestCertificates.opensslSelfSignedLocalhost(key, cert);
      Server other =
          Server.builder(ServerConfig.loopback())
              .tls(ServerTls.fromPem(cert, key))
              .http((request, response) -> response.body("text/plain", kind))
              .open();
      other.start();
      try {
        assertEquals(kind, get(other, cert));
      } finally {
        other.stop();
      }
    }
  }

  @Test
  void aSelfSignedCertificateServesHttpsToAClientTrustingItAndHasAnOpensslFingerprint()
      throws Exception {
    SelfSignedCertificate self =
        SelfSignedCertificate.generate(
            "board", List.of("localhost"), List.of("127.0.0.1", "not-an-ip"), Duration.ofDays(1));
    assertTrue(self.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), self.fingerprint());
    Path cert = dir.resolve("self.pem");
    Files.writeString(cert, self.certificatePem());
    Path key = dir.resolve("self.key");
    Files.writeString(key, self.privateKeyPem());
    ServerTls.fromPem(cert, key); // the PEM pair reads back
    Server other =
        Server.builder(ServerConfig.loopback())
            .tls(self.serverTls())
            .http((request, response) -> response.body("text/plain", "self"))
            .open();
    other.start();
    try {
      assertEquals("self", get(other, cert));
    } finally {
      other.stop();
    }
  }

  private static String get(Server other, Path cert) throws Exception {
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(TestCertificates.trustingPem(cert)).build()) {
      return client
          .send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + other.localPort() + "/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  @Test
  void anUnreadableOrEncryptedKeyIsRefusedNamingTheFile() throws Exception {
    Path[] pem = certificates.writePem(dir);
    Path broken = dir.resolve("broken.pem");
    Files.writeString(
        broken, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> ServerTls.fromPem(pem[0], broken));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
    Path none = dir.resolve("none.pem");
    Files.writeString(none, "no key here\n");
    IOException missing = assertThrows(IOException.class, () -> ServerTls.fromPem(pem[0], none));
    assertTrue(missing.getMessage().contains("openssl pkcs8 -topk8"), missing.getMessage());
    Path encrypted = dir.resolve("encrypted.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    IOException locked =
        assertThrows(IOException.class, () -> ServerTls.fromPem(pem[0], encrypted));
    assertTrue(locked.getMessage().contains("encrypted"), locked.getMessage());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "not a certificate");
    IOException bad = assertThrows(IOException.class, () -> ServerTls.fromPem(garbage, pem[1]));
    assertTrue(bad.getMessage().contains(garbage.toString()), bad.getMessage());
  }
}
