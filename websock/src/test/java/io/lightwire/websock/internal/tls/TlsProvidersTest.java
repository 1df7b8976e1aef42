package io.lightwire.websock.internal.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The check that the runtime lets Bouncy Castle serve ciphers before a TLS context is made. */
class TlsProvidersTest {

  @Test
  void thisOpenJdkAcceptsBouncyCastleAsACipherProvider() {
    assertDoesNotThrow(TlsProviders::requireCipherProvider);
  }

  @Test
  void aRefusingRuntimeIsNamedWithTheReasonAndWhatToRunInstead() {
    SecurityException cause = new SecurityException("JCE cannot authenticate the provider BC");
    IOException e = TlsProviders.refused("Java(TM) SE Runtime Environment", cause);
    assertSame(cause, e.getCause());
    assertTrue(
        e.getMessage().startsWith("TLS: Java(TM) SE Runtime Environment refuses Bouncy Castle"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("(JCE cannot authenticate the provider BC)"), e.getMessage());
    assertTrue(e.getMessage().contains("OpenJDK build"), e.getMessage());
  }
}
