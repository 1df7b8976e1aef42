package io.lightwire.websock.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The listening socket's option check (Linux has every option; other platforms may not). */
class AcceptorTest {

  @Test
  void aMissingReusePortFailsNamingTheOption() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Acceptor.requireSupported(
                    Set.of(StandardSocketOptions.SO_REUSEADDR),
                    StandardSocketOptions.SO_REUSEPORT));
    assertEquals(
        "SO_REUSEPORT is not supported on this platform ("
            + System.getProperty("os.name")
            + "): a server cannot share its port here",
        e.getMessage());
  }

  @Test
  void aSupportedOptionPasses() throws IOException {
    Acceptor.requireSupported(
        Set.of(StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT),
        StandardSocketOptions.SO_REUSEPORT);
  }
}
