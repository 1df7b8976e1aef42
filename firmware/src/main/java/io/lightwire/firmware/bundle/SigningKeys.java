package io.lightwire.firmware.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys that sign bundles, with the JDK's own provider: the private key as PEM PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}, mode 0600), the public key as PEM X.509
 * SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), the forms {@code openssl pkeyutl}
 * reads on the board.
 */
public final class SigningKeys {

  /** The algorithm, for the JDK and in messages. */
  public static final String ALGORITHM = "Ed25519";

  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private SigningKeys() {}

  /**
   * Makes a key pair and writes {@code privateFile} (0600, created new) and {@code publicFile}.
   *
   * @throws BundleException when a file exists already (a signing key is never overwritten) or
   *     cannot be written
   */
  public static void generate(Path privateFile, Path publicFile) throws BundleException {
    for (Path file : new Path[] {privateFile, publicFile}) {
      if (Files.exists(file)) {
        throw new BundleException(file + " exists: a signing key is never overwritten", null);
      }
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new BundleException("this JDK cannot make " + ALGORITHM + " keys: " + e, e);
    }
    try {
      // Created with 0600 from the start: the private key is never readable by others.
      Files.createFile(
          privateFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          privateFile, pem(PRIVATE, pair.getPrivate().getEncoded()), StandardOpenOption.WRITE);
      Files.writeString(
          publicFile, pem(PUBLIC, pair.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new BundleException(e.getFile() + " exists: a signing key is never overwritten", e);
    } catch (IOException e) {
      throw new BundleException("cannot write the key: " + e.getMessage(), e);
    }
  }

  /** Reads a PEM PKCS#8 Ed25519 private key. */
  public static PrivateKey readPrivate(Path file) throws BundleException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(der(file, PRIVATE)));
    } catch (GeneralSecurityException e) {
      throw new BundleException(file + " is not an " + ALGORITHM + " private key: " + e, e);
    }
  }

  /** Reads a PEM X.509 Ed25519 public key. */
  public static PublicKey readPublic(Path file) throws BundleException {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(der(file, PUBLIC)));
    } catch (GeneralSecurityException e) {
      throw new BundleException(file + " is not an " + ALGORITHM + " public key: " + e, e);
    }
  }

  /** {@code key} as a PEM public key file's text. */
  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /** Signs the concatenation of {@code parts}; the signature is Ed25519's 64 bytes. */
  public static byte[] sign(PrivateKey key, byte[]... parts) throws BundleException {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      for (byte[] part : parts) {
        signature.update(part);
      }
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new BundleException("cannot sign with " + ALGORITHM + ": " + e, e);
    }
  }

  /** Whether {@code signature} is {@code key}'s over the concatenation of {@code parts}. */
  public static boolean verify(PublicKey key, byte[] signature, byte[]... parts)
      throws BundleException {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      for (byte[] part : parts) {
        verifier.update(part);
      }
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new BundleException("cannot verify with " + ALGORITHM + ": " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] der(Path file, String type) throws BundleException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new BundleException("cannot read the key " + file + ": " + e.getMessage(), e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new BundleException(file + " has no '" + begin + "' block", null);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new BundleException(file + ": bad base64 in the " + type + " block", e);
    }
  }
}
