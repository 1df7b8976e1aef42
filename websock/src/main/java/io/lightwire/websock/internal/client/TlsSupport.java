package io.lightwire.websock.internal.client;

import io.lightwire.websock.client.ClientConfig;
import io.lightwire.websock.client.TlsConfig;
import io.lightwire.websock.internal.tls.TlsProviders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * {@code wss://} through Bouncy Castle's JSSE provider. One {@link SSLContext} per config (built
 * once, reused by every connection); per connection the plain socket is layered with an {@code
 * SSLSocket} that sends SNI and verifies the host name (RFC 6125 rules of JSSE's {@code "HTTPS"}
 * endpoint identification) unless the config turned either off.
 *
 * <p>Allow-self-signed mode (libwebsockets' {@code ssl_connection = 2}) accepts a server whose
 * chain is one certificate signed by its own key and currently valid, even when no trust anchor
 * knows it; host name verification still applies to it ({@link TlsConfig} lists exactly what is
 * checked). A client certificate, when configured, is offered to servers that ask for one.
 */
public final class TlsSupport {

  private TlsSupport() {}

  /** Builds the context for a config: trust material, self-signed mode. */
  public static SSLContext context(TlsConfig tls, String host) throws IOException {
    TlsProviders.requireCipherProvider();
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", TlsProviders.JSSE);
      KeyStore anchors = tls.trustStore();
      if (anchors == null && !tls.trustedCertificates().isEmpty()) {
        anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int i = 0;
        for (X509Certificate certificate : tls.trustedCertificates()) {
          anchors.setCertificateEntry("trusted-" + i++, certificate);
        }
      }
      factory.init(anchors);
      X509ExtendedTrustManager delegate = null;
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          delegate = x509;
        }
      }
      if (delegate == null) {
        throw new IOException(
            "the BCJSSE PKIX trust manager factory offered no X509 trust manager");
      }
      TrustManager trust =
          tls.allowSelfSigned()
              ? new SelfSignedTolerant(delegate, host, tls.verifyHostname())
              : delegate;
      SSLContext context = SSLContext.getInstance("TLS", TlsProviders.JSSE);
      context.init(keyManagers(tls), new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "TLS context for " + host + " could not be built: " + e.getMessage(), e);
    }
  }

  /** The client certificate's key managers (mutual TLS), or null when the config has none. */
  private static KeyManager[] keyManagers(TlsConfig tls)
      throws GeneralSecurityException, IOException {
    if (tls.clientKey() == null) {
      return null;
    }
    // An in-memory key store only to hand the key to the factory; the password never leaves here.
    char[] password = "lightwire-client".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "client",
        tls.clientKey(),
        password,
        tls.clientCertificateChain().toArray(new X509Certificate[0]));
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", TlsProviders.JSSE);
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  /** Layers TLS over a connected socket and completes the TLS handshake within the timeout. */
  static SSLSocket wrap(SSLContext context, Socket plain, ClientConfig config, long timeoutMillis)
      throws IOException {
    TlsConfig tls = config.tls();
    String host = config.tlsServerName(); // asked for (SNI) and verified: see ClientConfig
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(plain, host, config.port(), true);
    socket.setUseClientMode(true);
    SSLParameters parameters = socket.getSSLParameters();
    if (tls.verifyHostname()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (tls.sni() && !ClientConfig.isIpLiteral(host)) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
    try {
      socket.startHandshake();
    } catch (SSLException e) {
      throw e;
    } catch (IOException e) {
      throw handshakeFailure("TLS handshake with " + host + ":" + config.port() + " failed: ", e);
    }
    return socket;
  }

  /** True for BCJSSE's own alert exceptions ({@code TlsFatalAlert}, {@code ...Received}). */
  static boolean isAlert(IOException e) {
    return e instanceof TlsFatalAlert || e instanceof TlsFatalAlertReceived;
  }

  /**
   * BCJSSE reports alerts as its own {@code TlsFatalAlert} (a plain IOException): give callers the
   * JSSE type, with the rule that failed (the deepest cause) in the message.
   */
  static IOException handshakeFailure(String what, IOException e) {
    if (e instanceof SSLException) {
      return e;
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    SSLHandshakeException failure = new SSLHandshakeException(what + root.getMessage());
    failure.initCause(e);
    return failure;
  }

  /**
   * True when {@code certificate} matches {@code host}: SAN DNS names (with a leading * label) or
   * IPs.
   */
  static boolean matchesHost(X509Certificate certificate, String host)
      throws CertificateParsingException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    if (names == null) {
      return false;
    }
    boolean ip = ClientConfig.isIpLiteral(host);
    for (List<?> entry : names) {
      int type = (Integer) entry.get(0);
      String value = String.valueOf(entry.get(1));
      if (ip && type == 7 && sameAddress(value, host)) {
        return true;
      }
      if (!ip
          && type == 2
          && dnsMatches(value.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  /** Delegates to PKIX; when that fails, accepts a lone, valid, self-signed certificate. */
  private static final class SelfSignedTolerant extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final String host;
    private final boolean verifyHostname;

    SelfSignedTolerant(X509ExtendedTrustManager delegate, String host, boolean verifyHostname) {
      this.delegate = delegate;
      this.host = host;
      this.verifyHostname = verifyHostname;
    }

    private void check(X509Certificate[] chain, CertificateException failure)
        throws CertificateException {
      if (chain == null || chain.length != 1) {
        throw failure;
      }
      X509Certificate certificate = chain[0];
      if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        throw failure;
      }
      try {
        certificate.verify(certificate.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw failure;
      }
      certificate.checkValidity();
      if (verifyHostname && !matchesHost(certificate, host)) {
        List<String> names = new ArrayList<>();
        Collection<List<?>> san = certificate.getSubjectAlternativeNames();
        if (san != null) {
          san.forEach(entry -> names.add(String.valueOf(entry.get(1))));
        }
        throw new CertificateException(
            "the self-signed certificate must name host " + host + ", it names " + names);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        check(chain, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        check(chain, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        check(chain, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
