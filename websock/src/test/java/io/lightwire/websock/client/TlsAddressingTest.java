package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libwebsockets' {@code client_connect} TLS and addressing against a TLS server on the JDK's own
 * provider ({@link TlsPeer}): a client certificate for a server that requires one (mutual TLS), and
 * a {@code Host} header and SNI name that differ from the address connected to, seen by the server.
 * The server's certificate names {@code device.local} and 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsAddressingTest {

  private static TestCertificates server;
  private static TestCertificates client;
  private final List<WebSocketClient> opened = new ArrayList<>();

  @BeforeAll
  static void certificates() throws Exception {
    server = TestCertificates.selfSigned("device.local");
    client = TestCertificates.selfSigned("lightwire-client");
  }

  @AfterEach
  void closeClients() throws IOException {
    for (WebSocketClient c : opened) {
      c.close(1000, "", 0); // the raw peer does not answer closes
    }
  }

  private static ClientConfig.Builder config(TlsPeer peer, TlsConfig.Builder tls) {
    return ClientConfig.builder()
        .url("wss://127.0.0.1:" + peer.port() + "/m")
        .tls(tls.trustedCertificates(server.certificate).build())
        .handshakeTimeoutMillis(20_000);
  }

  private static void assertRoundTrip(WebSocketClient ws, RawPeer peer) throws Exception {
    assertEquals(WebSocketClient.OK, ws.sendText("over tls", 5_000));
    assertEquals("over tls", peer.readFrame().text());
    peer.sendFrame(true, 1, "back".getBytes(StandardCharsets.UTF_8), false);
    assertEquals("back", Messages.receive(ws, new byte[16], 5_000).text());
  }

  @Test
  void aServerThatRequiresAClientCertificateGetsTheConfiguredOne() throws Exception {
    try (TlsPeer peer = new TlsPeer(server, client.certificate)) {
      TlsPeer.Accepted accepted =
          peer.open(
              config(
                      peer,
                      TlsConfig.builder()
                          .clientCertificate(client.keys.getPrivate(), client.certificate))
                  .build(),
              opened);
      assertEquals(client.certificate, accepted.clientCertificate());
      assertRoundTrip(opened.get(0), accepted.http());
    }
  }

  @Test
  void withoutAClientCertificateAServerThatRequiresOneRefusesTheConnection() throws Exception {
    try (TlsPeer peer = new TlsPeer(server, client.certificate)) {
      peer.acceptOne();
      // TLS 1.3: the server checks the client's certificate after the client's handshake ended, so
      // the refusal reaches the client as the certificate_required alert (SSLHandshakeException)
      // or, when the server closed first, as the failed write or read of the upgrade (an HTTP
      // status never arrives).
      IOException e =
          assertThrows(
              IOException.class,
              () -> WebSocketClient.open(config(peer, TlsConfig.builder()).build()));
      if (e instanceof HandshakeException h) {
        assertEquals(0, h.status(), "the connection ended, no HTTP answer: " + e);
      }
    }
  }

  @Test
  void theHostHeaderAndSniNameTheVirtualHostNotTheAddressConnectedTo() throws Exception {
    try (TlsPeer peer = new TlsPeer(server, null)) {
      TlsPeer.Accepted accepted =
          peer.open(
              config(peer, TlsConfig.builder()).hostHeader("device.local:9443").build(), opened);
      assertEquals("device.local", accepted.sni(), "SNI follows the Host header's name");
      assertTrue(
          accepted.request().contains("\r\nHost: device.local:9443\r\n"), accepted.request());
      assertRoundTrip(opened.get(0), accepted.http());
    }
  }

  @Test
  void anSniNameOverridesTheHostHeadersNameForTlsOnly() throws Exception {
    try (TlsPeer peer = new TlsPeer(server, null)) {
      TlsPeer.Accepted accepted =
          peer.open(
              config(peer, TlsConfig.builder().sniHostName("device.local"))
                  .hostHeader("proxy.example")
                  .build(),
              opened);
      assertEquals("device.local", accepted.sni());
      assertTrue(accepted.request().contains("\r\nHost: proxy.example\r\n"), accepted.request());
    }
  }

  @Test
  void theCertificateIsVerifiedAgainstTheNameAskedForNotTheAddressConnectedTo() throws Exception {
    try (TlsPeer peer = new TlsPeer(server, null)) {
      peer.acceptOne();
      // The certificate names 127.0.0.1 (the address) but not other.example (the name asked for).
      assertThrows(
          SSLException.class,
          () ->
              WebSocketClient.open(
                  config(peer, TlsConfig.builder()).hostHeader("other.example").build()));
    }
  }
}
