package io.lightwire.firmware.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightwire.firmware.config.ConfigException;
import io.lightwire.firmware.config.FirmwareConfig;
import io.lightwire.firmware.internal.TlsSetup;
import io.lightwire.testsupport.JdkMessages;
import io.lightwire.testsupport.TestCertificates;
import io.lightwire.websock.pool.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS in {@code run}: a self-signed certificate made at first boot and kept (mode 0600), the user's
 * PEM files, https and wss on the one port checked by the JDK's own TLS, and a plain-HTTP request
 * on the TLS port answered with 400 naming https://.
 */
@Tag("process")
class TlsRunTest {

  private static final Pattern FINGERPRINT =
      Pattern.compile("SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

  @TempDir Path dir;

  @Test
  void tlsWithoutFilesMakesASelfSignedCertificateOnceKeepsItOwnerOnlyAndPrintsItsFingerprint()
      throws Exception {
    Path cert = dir.resolve("state").resolve(TlsSetup.CERT_FILE);
    Path key = dir.resolve("state").resolve(TlsSetup.KEY_FILE);
    String first;
    try (OpsFirmware fw = OpsFirmware.boot(dir, "server.tls", "true")) {
      first = fingerprint(fw.printed);
      assertTrue(fw.printed.contains("(self-signed, made now)"), fw.printed);
      assertTrue(fw.printed.contains("page https://localhost:" + fw.firmware.port() + "/"));
      assertTrue(fw.printed.contains("https://localhost:" + fw.firmware.port() + "/#token="));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
      assertHttpsAndWssServe(fw, cert);
    }
    if (TestCertificates.opensslInstalled()) {
      String openssl =
          TestCertificates.openssl(
              "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString());
      assertTrue(openssl.contains(first), "openssl agrees: " + openssl + " vs " + first);
    }
    try (OpsFirmware again = OpsFirmware.boot(dir, "server.tls", "true")) {
      assertEquals(first, fingerprint(again.printed), "the same certificate at the next boot");
      assertFalse(again.printed.contains("made now"), again.printed);
    }
  }

  @Test
  void theUsersPemFilesServeAndASec1KeyIsAccepted() throws Exception {
    assumeTrue(TestCertificates.opensslInstalled(), "needs /usr/bin/openssl; skipped");
    Path key = dir.resolve("board.key");
    Path cert = dir.resolve("board.crt");
    TestCertificates.openssl(
        "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
    TestCertificates.opensslSelfSignedLocalhost(key, cert);
    try (OpsFirmware fw =
        OpsFirmware.boot(
            dir, "server.tls.cert", cert.toString(), "server.tls.key", key.toString())) {
      assertTrue(fw.printed.contains("TLS certificate " + cert), fw.printed);
      assertFalse(Files.exists(dir.resolve("state").resolve(TlsSetup.CERT_FILE)));
      assertHttpsAndWssServe(fw, cert);
    }
  }

  @Test
  void aCertificateWithoutItsKeyIsAConfigErrorNamingBothKeys() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                FirmwareConfig.defaults()
                    .with(Map.of("server.tls.cert", "/etc/board.crt"), "in the test"));
    assertTrue(e.getMessage().contains("'server.tls.cert'"), e.getMessage());
    assertTrue(e.getMessage().contains("'server.tls.key'"), e.getMessage());
    ConfigException bad =
        assertThrows(
            ConfigException.class,
            () -> FirmwareConfig.defaults().with(Map.of("server.tls", "yes"), "in the test"));
    assertTrue(bad.getMessage().contains("'server.tls'") && bad.getMessage().contains("'yes'"));
  }

  private static void assertHttpsAndWssServe(OpsFirmware fw, Path cert) throws Exception {
    int port = fw.firmware.port();
    try (HttpClient https =
        HttpClient.newBuilder()
            .sslContext(TestCertificates.trustingPem(cert))
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      HttpResponse<String> status =
          https.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/status"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, status.statusCode());
      assertTrue(status.body().contains("\"board\":{\"id\":\"emulated\""), status.body());
      assertTrue(
          status.headers().firstValue("Content-Security-Policy").isPresent(),
          "security headers over https too");

      JdkMessages messages = new JdkMessages();
      WebSocket ws =
          https
              .newWebSocketBuilder()
              .header("Origin", "https://localhost:" + port)
              .buildAsync(URI.create("wss://localhost:" + port + "/gpio"), messages)
              .get(10, TimeUnit.SECONDS);
      Object pins = messages.next(10);
      assertTrue(pins.toString().contains("\"type\":\"pins\""), "pins over wss: " + pins);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }
    try (HttpClient plain = HttpClient.newHttpClient()) {
      HttpResponse<String> refused =
          plain.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, refused.statusCode());
      assertTrue(refused.body().contains("https://"), refused.body());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (fw.firmware.pools().get(0).inUse() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    for (Pool pool : List.of(fw.firmware.pools().get(0))) {
      assertEquals(0, pool.inUse(), pool.name() + " back to zero");
    }
  }

  private static String fingerprint(String printed) {
    Matcher m = FINGERPRINT.matcher(printed);
    assertTrue(m.find(), "no fingerprint in:\n" + printed);
    return m.group(1);
  }
}
