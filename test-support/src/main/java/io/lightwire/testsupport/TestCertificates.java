package io.lightwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * P-256 certificates made at test time with bcpkix: a self-signed one for the given host names, or
 * a test CA and the server certificates it issues.
 */
public final class TestCertificates {

  /** Debian's openssl, an independent peer for key formats and fingerprints. */
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");

  public final KeyPair keys;
  public final X509Certificate certificate;

  private TestCertificates(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A certificate for {@code dnsName} and 127.0.0.1, valid from yesterday for a week. */
  public static TestCertificates selfSigned(String dnsName) throws Exception {
    KeyPair keys = newKeys();
    X500Name name = new X500Name("CN=" + dnsName);
    return new TestCertificates(keys, sign(builder(name, name, keys, dnsName), keys));
  }

  /**
   * A certificate authority named {@code name} (self-signed, a CA that may sign certificates), for
   * tests that trust a CA rather than a server's own certificate; {@link #issue} signs with it.
   */
  public static TestCertificates authority(String name) throws Exception {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder builder = builder(subject, subject, keys, null);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCertificates(keys, sign(builder, keys));
  }

  /** A server certificate for {@code dnsName} and 127.0.0.1 signed by this authority. */
  public TestCertificates issue(String dnsName) throws Exception {
    KeyPair serverKeys = newKeys();
    X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    JcaX509v3CertificateBuilder builder =
        builder(issuer, new X500Name("CN=" + dnsName), serverKeys, dnsName);
    return new TestCertificates(serverKeys, sign(builder, keys));
  }

  private static KeyPair newKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** Valid from yesterday for a week; names {@code dnsName} and 127.0.0.1 unless it is null. */
  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys, String dnsName) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(System.nanoTime() & Long.MAX_VALUE),
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(7, ChronoUnit.DAYS)),
            subject,
            keys.getPublic());
    if (dnsName != null) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dnsName),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    return builder;
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  /** Writes {@code cert.pem} and {@code key.pem} (PKCS #8) into {@code dir}. */
  public Path[] writePem(Path dir) throws IOException, GeneralSecurityException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    // bcpkix writes the PEM (the product's own SelfSignedCertificate has its own writer).
    try (JcaPEMWriter out = new JcaPEMWriter(Files.newBufferedWriter(cert))) {
      out.writeObject(certificate);
    }
    try (JcaPEMWriter out = new JcaPEMWriter(Files.newBufferedWriter(key))) {
      out.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return new Path[] {cert, key};
  }

  /** A client context (the JDK's own TLS) that trusts exactly this certificate. */
  public SSLContext trustingClientContext() throws Exception {
    return trusting(certificate);
  }

  /** A client context (the JDK's own TLS) that trusts exactly the certificate in {@code pem}. */
  public static SSLContext trustingPem(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return trusting(CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
  }

  /** A client context (the JDK's own TLS) that trusts exactly {@code certificate}. */
  public static SSLContext trusting(Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** True when Debian's openssl is installed (tests that need it skip otherwise, saying so). */
  public static boolean opensslInstalled() {
    return Files.isExecutable(OPENSSL);
  }

  /**
   * Makes with openssl a self-signed certificate for {@code localhost} (2 days) over the key in
   * {@code key}, written to {@code cert}.
   */
  public static void opensslSelfSignedLocalhost(Path key, Path cert) throws Exception {
    openssl(
        "req",
        "-new",
        "-x509",
        "-key",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost");
  }

  /** Runs {@code openssl args...}, failing the test on a non-zero exit; returns its output. */
  public static String openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl hangs: " + command);
    assertEquals(0, p.exitValue(), command + ": " + output);
    return output;
  }
}
