package io.lightwire.websock.internal.server;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/** The Bouncy Castle providers, made once and never registered globally. */
public final class TlsProviders {

  /** Bouncy Castle's JCA provider (ciphers, signatures). */
  public static final BouncyCastleProvider BC = new BouncyCastleProvider();

  /** Bouncy Castle's JSSE provider (TLS), on top of {@link #BC}. */
  public static final BouncyCastleJsseProvider JSSE = new BouncyCastleJsseProvider(BC);

  private TlsProviders() {}
}
