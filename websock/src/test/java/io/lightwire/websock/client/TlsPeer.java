package io.lightwire.websock.client;

import io.lightwire.testsupport.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS server on the JDK's own provider (SunJSSE, independent of the client's Bouncy Castle JSSE)
 * that requires a client certificate when given one to trust, and reports what the client sent: the
 * SNI name, the client certificate, and (through {@link RawPeer}) the HTTP request.
 */
final class TlsPeer implements AutoCloseable {

  /** What one connection showed the server: SNI, client certificate, the HTTP request head. */
  record Accepted(RawPeer http, String sni, X509Certificate clientCertificate, String request) {}

  private final SSLServerSocket listener;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  /**
   * @param server the server's certificate and key
   * @param trustedClient the client certificate to require, or null to ask for none
   */
  TlsPeer(TestCertificates server, X509Certificate trustedClient) throws Exception {
    char[] password = "peer".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "server", server.keys.getPrivate(), password, new Certificate[] {server.certificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
    keyManagers.init(keys, password);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    if (trustedClient != null) {
      trust.setCertificateEntry("client", trustedClient);
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    listener =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 4, InetAddress.getLoopbackAddress());
    listener.setNeedClientAuth(trustedClient != null);
    listener.setSoTimeout(10_000);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Accepts one connection and completes its TLS handshake, in the background. */
  Future<Accepted> acceptOne() {
    return executor.submit(
        () -> {
          SSLSocket socket = (SSLSocket) listener.accept();
          socket.setSoTimeout(10_000);
          socket.startHandshake();
          String sni = null;
          for (SNIServerName name :
              ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
              sni = host.getAsciiName();
            }
          }
          X509Certificate client = null;
          if (listener.getNeedClientAuth()) {
            client = (X509Certificate) socket.getSession().getPeerCertificates()[0];
          }
          return new Accepted(new RawPeer(socket), sni, client, null);
        });
  }

  /** Opens a client against this peer and completes the upgrade; returns both ends. */
  Accepted open(ClientConfig config, List<WebSocketClient> opened) throws Exception {
    Future<Accepted> accepted = acceptOne();
    ExecutorService opener = Executors.newSingleThreadExecutor();
    try {
      Future<WebSocketClient> client = opener.submit(() -> WebSocketClient.open(config));
      Accepted peer = accepted.get(20, TimeUnit.SECONDS);
      String request = peer.http().readRequest();
      peer.http().write(RawPeer.upgradeResponse(request, ""));
      opened.add(client.get(20, TimeUnit.SECONDS));
      return new Accepted(peer.http(), peer.sni(), peer.clientCertificate(), request);
    } finally {
      opener.shutdownNow();
    }
  }

  @Override
  public void close() throws IOException {
    executor.shutdownNow();
    listener.close();
  }
}
