package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JettyPeer;
import io.lightwire.testsupport.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code wss://} against Jetty with a self-signed P-256 certificate for {@code localhost} made here
 * with bcpkix: refused by default, accepted when trusted or explicitly allowed, refused for the
 * wrong host name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {

  private static X509Certificate certificate;
  private static JettyPeer peer;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    long now = System.currentTimeMillis();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now),
            new Date(now - 60_000),
            new Date(now + 86_400_000L),
            name,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
    certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server", keys.getPrivate(), "secret".toCharArray(), new Certificate[] {certificate});
    peer = JettyPeer.startTls(store);
  }

  @AfterAll
  static void stop() {
    peer.close();
  }

  private static ClientConfig config(String host, TlsConfig tls) {
    return ClientConfig.builder()
        .url("wss://" + host + ":" + peer.port() + "/echo")
        .tls(tls)
        .handshakeTimeoutMillis(20_000)
        .build();
  }

  private static void assertEchoes(ClientConfig config) throws IOException {
    try (WebSocketClient client = WebSocketClient.open(config)) {
      client.sendText("over tls");
      assertEquals("over tls", Messages.receive(client, new byte[64], 10_000).text());
      byte[] big = new byte[200_000];
      new java.util.Random(5).nextBytes(big);
      client.sendBinary(big, 0, big.length);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          big, Messages.receive(client, new byte[4096], 10_000).payload());
    }
  }

  @Test
  void selfSignedCertificateIsRefusedByDefault() {
    SSLException e =
        assertThrows(
            SSLException.class,
            () -> WebSocketClient.open(config("localhost", TlsConfig.defaults())));
    assertTrue(e.getMessage().contains("chain"), e.getMessage());
  }

  @Test
  void trustedCertificateIsAccepted() throws IOException {
    assertEchoes(config("localhost", TlsConfig.builder().trustedCertificates(certificate).build()));
  }

  @Test
  void selfSignedCertificateIsAcceptedWhenExplicitlyAllowed() throws IOException {
    assertEchoes(config("localhost", TlsConfig.builder().allowSelfSigned(true).build()));
  }

  @Test
  void wrongHostNameIsRefusedEvenForATrustedOrAllowedCertificate() {
    assertThrows(
        SSLException.class,
        () ->
            WebSocketClient.open(
                config("127.0.0.1", TlsConfig.builder().trustedCertificates(certificate).build())));
    assertThrows(
        SSLException.class,
        () ->
            WebSocketClient.open(
                config("127.0.0.1", TlsConfig.builder().allowSelfSigned(true).build())));
  }

  @Test
  void attachLayersTheProtocolOverTheCallersTlsSocketAndDetachHandsItBack() throws Exception {
    SSLContext context = TestCertificates.trusting(certificate);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", peer.port())) {
      socket.setSoTimeout(20_000);
      socket.startHandshake();
      WebSocketClient client =
          WebSocketClient.attach(socket, config("localhost", TlsConfig.defaults()), 0);
      client.sendText("attached over tls");
      assertEquals("attached over tls", Messages.receive(client, new byte[64], 10_000).text());
      Socket detached = client.detachSocket(10_000);
      assertSame(socket, detached);
      assertFalse(detached.isClosed(), "detach after a clean close keeps the TLS socket open");
    }
  }

  @Test
  void hostNameCheckCanBeTurnedOffExplicitly() throws IOException {
    assertEchoes(
        config(
            "127.0.0.1",
            TlsConfig.builder().trustedCertificates(certificate).verifyHostname(false).build()));
  }
}
