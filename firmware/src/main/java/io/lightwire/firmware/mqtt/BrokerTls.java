package io.lightwire.firmware.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The socket factory for {@code ssl://} brokers: the JDK's TLS, verifying the broker's chain
 * against the JDK's trusted CAs or against the CA certificates of {@code mqtt.ca-file}, and its
 * host name (the client turns on HTTPS-style host name checks). There is no switch to skip
 * verification.
 */
final class BrokerTls {

  private BrokerTls() {}

  /**
   * The factory trusting the PEM certificates in {@code caFile}, or the JDK's CAs when null.
   *
   * @throws IOException when the file cannot be read or holds no certificate; the message names it
   */
  static SSLSocketFactory socketFactory(Path caFile) throws IOException {
    try {
      if (caFile == null) {
        return SSLContext.getDefault().getSocketFactory();
      }
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(caFile)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) {
        throw new IOException(caFile + " holds no PEM certificate");
      }
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        anchors.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException(
          (caFile == null ? "the JDK's trusted CAs" : caFile.toString())
              + " cannot be used for TLS: "
              + e.getMessage(),
          e);
    }
  }
}
