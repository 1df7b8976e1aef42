package io.lightwire.websock.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Unencrypted private keys in the three PEM forms people have: PKCS #8 ({@code PRIVATE KEY}), PKCS
 * #1 ({@code RSA PRIVATE KEY}, older openssl and many tutorials) and SEC1 ({@code EC PRIVATE KEY},
 * {@code openssl ecparam -genkey}), all turned into PKCS #8 DER for the JDK's key factories.
 */
final class PemKeys {

  private PemKeys() {}

  /**
   * The PKCS #8 DER encoding of the first key block in {@code pem}.
   *
   * @param file named in error messages
   * @throws IOException when there is no key block or it is not valid DER of its kind
   */
  static byte[] pkcs8(Path file, String pem) throws IOException {
    byte[] der = block(file, pem, "PRIVATE KEY");
    if (der != null) {
      return der;
    }
    try {
      der = block(file, pem, "RSA PRIVATE KEY");
      if (der != null) {
        return new PrivateKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                RSAPrivateKey.getInstance(der))
            .getEncoded(ASN1Encoding.DER);
      }
      der = block(file, pem, "EC PRIVATE KEY");
      if (der != null) {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
        ASN1Encodable curve = sec1.getParametersObject();
        if (curve == null) {
          throw new IOException(
              "TLS: the SEC1 key in " + file + " does not name its curve (openssl ecparam -name)");
        }
        return new PrivateKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1)
            .getEncoded(ASN1Encoding.DER);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException("TLS: the key in " + file + " is not valid DER: " + e.getMessage(), e);
    }
    throw new IOException(
        "TLS: "
            + file
            + " has no unencrypted private key ('-----BEGIN PRIVATE KEY-----', 'RSA PRIVATE KEY'"
            + " or 'EC PRIVATE KEY'); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY"
            + " -out KEY.pk8");
  }

  /** The DER bytes of the first {@code -----BEGIN type-----} block, or null when there is none. */
  private static byte[] block(Path file, String pem, String type) throws IOException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    if (from < 0) {
      return null;
    }
    int to = pem.indexOf(end, from);
    if (to < 0) {
      throw new IOException("TLS: " + file + ": '" + begin + "' has no '" + end + "'");
    }
    try {
      return Base64.getMimeDecoder()
          .decode(pem.substring(from + begin.length(), to).getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "TLS: " + file + ": '" + begin + "' is not base64: " + e.getMessage(), e);
    }
  }
}
