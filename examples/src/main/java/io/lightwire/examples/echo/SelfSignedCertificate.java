package io.lightwire.examples.echo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * A throw-away P-256 certificate for {@code localhost} and {@code 127.0.0.1}, made in memory when
 * {@code echo-server --tls} is given no {@code --cert}/{@code --key}. The key never touches the
 * disk; clients pin the SHA-256 fingerprint printed on stderr. Built with Bouncy Castle's ASN.1
 * classes from {@code bcprov}, which the board runtime has already, so {@code bcpkix} stays out of
 * it.
 */
final class SelfSignedCertificate {

  private static final Duration VALIDITY = Duration.ofDays(7);
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final KeyPair keys;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** Makes a fresh key pair and certificate, valid from an hour ago for a week. */
  static SelfSignedCertificate generate() throws GeneralSecurityException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=lightwire echo-server");
    AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    Instant now = Instant.now();
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, new SecureRandom())));
    tbs.setIssuer(name);
    tbs.setSubject(name);
    tbs.setStartDate(new Time(Date.from(now.minus(BACKDATE))));
    tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    tbs.setSignature(algorithm);
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            });
    tbs.setExtensions(
        new Extensions(
            new Extension(Extension.subjectAlternativeName, false, new DEROctetString(names))));
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
  }

  /** The certificate. */
  X509Certificate certificate() {
    return certificate;
  }

  /** A server context (Bouncy Castle JSSE, TLS 1.2 and 1.3) presenting this certificate. */
  SSLContext serverContext() throws GeneralSecurityException, IOException {
    BouncyCastleJsseProvider jsse = new BouncyCastleJsseProvider(new BouncyCastleProvider());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] none = new char[0];
    store.setKeyEntry("echo-server", keys.getPrivate(), none, new X509Certificate[] {certificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX", jsse);
    keyManagers.init(store, none);
    SSLContext context = SSLContext.getInstance("TLS", jsse);
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }
}
