package io.lightwire.firmware.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
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
 * A self-signed P-256 certificate for the board, made at first boot with {@code --tls} and no
 * certificate of the user's: valid for ten years for {@code localhost}, the host name, {@code
 * HOSTNAME.local}, the loopback addresses and the LAN addresses of that boot. Built with Bouncy
 * Castle's ASN.1 classes (bcprov, already in the bundle for TLS) and signed with the JDK.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem the private key, PKCS #8 PEM
 */
record SelfSignedCertificate(String certificatePem, String privateKeyPem) {

  /** Long enough that a board in a drawer still starts; the fingerprint is what people check. */
  static final Duration VALIDITY = Duration.ofDays(3650);

  /** Makes a key pair and a certificate for {@code hostname}, {@code addresses} and loopback. */
  static SelfSignedCertificate create(String hostname, List<String> addresses) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=" + cnSafe(hostname) + ",O=Lightwire");
      Instant now = Instant.now();
      AlgorithmIdentifier signature =
          new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(
          new ASN1Integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)));
      tbs.setIssuer(name);
      tbs.setSubject(name);
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      tbs.setSignature(signature);
      tbs.setExtensions(
          new Extensions(
              new Extension[] {
                new Extension(
                    Extension.subjectAlternativeName,
                    false,
                    new DEROctetString(altNames(hostname, addresses))),
                new Extension(
                    Extension.basicConstraints,
                    true,
                    new DEROctetString(new BasicConstraints(false))),
                new Extension(
                    Extension.extendedKeyUsage,
                    false,
                    new DEROctetString(new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))),
              }));
      TBSCertificate unsigned = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(unsigned.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector certificate = new ASN1EncodableVector();
      certificate.add(unsigned);
      certificate.add(signature);
      certificate.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
      return new SelfSignedCertificate(
          pem("CERTIFICATE", der), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a P-256 key and certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames altNames(String hostname, List<String> addresses) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    if (isDnsName(hostname) && !hostname.equals("localhost")) {
      names.add(new GeneralName(GeneralName.dNSName, hostname));
      names.add(new GeneralName(GeneralName.dNSName, hostname + ".local"));
    }
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.iPAddress, "::1"));
    for (String address : addresses) {
      try {
        InetAddress.ofLiteral(address);
        names.add(new GeneralName(GeneralName.iPAddress, address));
      } catch (IllegalArgumentException e) {
        // not an IP literal: left out
      }
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static boolean isDnsName(String name) {
    return name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9-]{1,63})*");
  }

  private static String cnSafe(String hostname) {
    return isDnsName(hostname) ? hostname : "lightwire";
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
