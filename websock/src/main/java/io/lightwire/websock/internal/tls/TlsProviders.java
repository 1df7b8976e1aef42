package io.lightwire.websock.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The Bouncy Castle providers, made once and never registered globally; one pair for the server and
 * the client, in a package of its own so neither reaches into the other's.
 */
public final class TlsProviders {

  /** Bouncy Castle's JCA provider (ciphers, signatures). */
  public static final BouncyCastleProvider BC = new BouncyCastleProvider();

  /** Bouncy Castle's JSSE provider (TLS), on top of {@link #BC}. */
  public static final BouncyCastleJsseProvider JSSE = new BouncyCastleJsseProvider(BC);

  /** Set once the runtime has accepted {@link #BC}: every later context skips the check. */
  private static volatile boolean cipherProviderAccepted;

  private TlsProviders() {}

  /**
   * Checks that this Java runtime lets {@link #BC} serve ciphers, before a TLS context is made.
   * Oracle's JDK accepts only JCE providers from jars signed by its code-signing CA, and {@code
   * ./lightwire} and board bundles run unsigned copies of Bouncy Castle (docs/decisions.md,
   * "Resident memory: no class generated at boot, no signed jar on the boot path"); without this
   * check that runtime would fail the first handshake with a bare alert instead.
   *
   * @throws IOException naming the runtime and what to use instead, when it refuses the provider
   */
  public static void requireCipherProvider() throws IOException {
    if (cipherProviderAccepted) {
      return;
    }
    try {
      Cipher.getInstance("AES/GCM/NoPadding", BC);
      cipherProviderAccepted = true;
    } catch (SecurityException e) {
      throw refused(System.getProperty("java.runtime.name", "this Java runtime"), e);
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS: Bouncy Castle offers no AES/GCM cipher: " + e.getMessage(), e);
    }
  }

  /** The error for a runtime that refuses Bouncy Castle as a cipher provider. */
  static IOException refused(String runtime, Exception cause) {
    return new IOException(
        "TLS: "
            + runtime
            + " refuses Bouncy Castle as a cipher provider ("
            + cause.getMessage()
            + "): it accepts only signed JCE providers, and Lightwire runs unsigned copies. Run it"
            + " on an OpenJDK build (Temurin, or Debian's openjdk-25; JAVA_HOME picks it), as the"
            + " board bundles do.",
        cause);
  }
}
