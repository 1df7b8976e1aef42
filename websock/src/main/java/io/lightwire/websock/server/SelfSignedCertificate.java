package io.lightwire.websock.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A self-signed P-256 server certificate made at run time, for a server that has none of its own
 * (the echo-server's {@code --tls}, the firmware's {@code run --tls}): people pin or check its
 * SHA-256 {@link #fingerprint()}. Built with Bouncy Castle's ASN.1 classes from {@code bcprov},
 * which TLS needs anyway, so {@code bcpkix} stays out of a board's runtime; signed by the JDK.
 */
public final class SelfSignedCertificate {

  /** Backdated so that a board whose clock is a little behind still accepts it. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final KeyPair keys;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /**
   * Makes a key pair and a certificate valid from an hour ago for {@code validity}.
   *
   * @param commonName the subject's and issuer's CN
   * @param dnsNames host names for the subject alternative names
   * @param ipAddresses IP literals for the subject alternative names (others are left out)
   * @throws IOException when the JDK cannot make a P-256 key or sign
   */
  public static SelfSignedCertificate generate(
      String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity)
      throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500NameBuilder().addRDN(BCStyle.CN, commonName).build();
      AlgorithmIdentifier algorithm =
          new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      Instant now = Instant.now();
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(
          new ASN1Integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)));
      tbs.setIssuer(name);
      tbs.setSubject(name);
      tbs.setStartDate(new Time(Date.from(now.minus(BACKDATE))));
      tbs.setEndDate(new Time(Date.from(now.plus(validity))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      tbs.setSignature(algorithm);
      tbs.setExtensions(
          new Extensions(
              new Extension[] {
                new Extension(
                    Extension.subjectAlternativeName,
                    false,
                    new DEROctetString(altNames(dnsNames, ipAddresses))),
                new Extension(
                    Extension.basicConstraints,
                    true,
                    new DEROctetString(new BasicConstraints(false))),
                new Extension(
                    Extension.extendedKeyUsage,
                    false,
                    new DEROctetString(new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))),
              }));
      TBSCertificate body = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(body.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector parts = new ASN1EncodableVector();
      parts.add(body);
      parts.add(algorithm);
      parts.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(parts).getEncoded(ASN1Encoding.DER);
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new SelfSignedCertificate(keys, certificate);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a P-256 key and certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames altNames(List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    for (String dns : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : ipAddresses) {
      try {
        InetAddress.ofLiteral(ip);
        names.add(new GeneralName(GeneralName.iPAddress, ip));
      } catch (IllegalArgumentException e) {
        // not an IP literal: left out
      }
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate as PEM. */
  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a certificate made here cannot be encoded", e);
    }
  }

  /** The private key as unencrypted PKCS #8 PEM: keep it where only the server can read it. */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  /** TLS for a {@link Server} presenting this certificate. */
  public ServerTls serverTls() throws IOException {
    return ServerTls.of(keys.getPrivate(), new X509Certificate[] {certificate});
  }

  /** This certificate's SHA-256 fingerprint, {@code AB:CD:...} as openssl prints it. */
  public String fingerprint() {
    return fingerprint(certificate);
  }

  /** The SHA-256 fingerprint of {@code certificate}'s DER encoding, colon-separated upper hex. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 of a certificate failed", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
