package io.lightwire.websock.server;

import io.lightwire.websock.internal.tls.TlsProviders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for the server ({@code wss://} and {@code https://} on the same port), through Bouncy
 * Castle's JSSE provider: the certificate chain and private key in PEM files, as libwebsockets'
 * {@code libwebsocket_create_context} takes them.
 */
public final class ServerTls {

  private final SSLContext context;

  private ServerTls(SSLContext context) {
    this.context = context;
  }

  /** TLS with a context the caller built (any provider). */
  public static ServerTls of(SSLContext context) {
    return new ServerTls(context);
  }

  /**
   * TLS 1.2 and 1.3 from PEM files.
   *
   * @param certificateChain the server certificate first, then any intermediates
   * @param privateKey the key, unencrypted: PKCS #8 ({@code BEGIN PRIVATE KEY}), PKCS #1 ({@code
   *     BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), as openssl and certbot
   *     write them
   * @throws IOException naming the file and what is wrong with it
   */
  public static ServerTls fromPem(Path certificateChain, Path privateKey) throws IOException {
    Certificate[] chain = readCertificates(certificateChain);
    PrivateKey key = readKey(privateKey);
    try {
      return of(key, chain);
    } catch (IOException e) {
      throw new IOException(
          "TLS: the key in "
              + privateKey
              + " does not fit the certificate in "
              + certificateChain
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * TLS 1.2 and 1.3 presenting {@code chain} (server certificate first) with its {@code key}.
   *
   * @throws IOException when the key does not fit the certificate
   */
  public static ServerTls of(PrivateKey key, Certificate[] chain) throws IOException {
    TlsProviders.requireCipherProvider();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("server", key, none, chain);
      KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX", TlsProviders.JSSE);
      keys.init(store, none);
      SSLContext context = SSLContext.getInstance("TLS", TlsProviders.JSSE);
      context.init(keys.getKeyManagers(), null, null);
      return new ServerTls(context);
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Certificate[] readCertificates(Path file) throws IOException {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(Files.newInputStream(file));
      if (certificates.isEmpty()) {
        throw new IOException("TLS: " + file + " holds no PEM certificate");
      }
      return certificates.toArray(Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "TLS: " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    if (pem.contains("ENCRYPTED")) {
      throw new IOException(
          "TLS: the key in "
              + file
              + " is encrypted; the board starts unattended, so give it an unencrypted key"
              + " (openssl pkey -in KEY -out KEY.plain) in a file only the service can read");
    }
    byte[] pkcs8 = PemKeys.pkcs8(file, pem);
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("TLS: the key in " + file + " is not an EC, RSA or Ed25519 key");
  }

  /** The context new connections' engines come from. */
  public SSLContext context() {
    return context;
  }
}
