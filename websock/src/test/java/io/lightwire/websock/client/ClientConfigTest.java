package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigTest {

  @Test
  void urlGivesHostPortPathQueryAndScheme() {
    ClientConfig c = ClientConfig.of("wss://Example.org:8443/a/b?x=1&y=2");
    assertEquals("Example.org", c.connectHost());
    assertEquals(8443, c.port());
    assertEquals("/a/b?x=1&y=2", c.path());
    assertTrue(c.secure());
    assertEquals(80, ClientConfig.of("ws://h").port());
    assertEquals("/", ClientConfig.of("ws://h").path());
    assertEquals(443, ClientConfig.of("wss://h").port());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Host: evil",
        "upgrade:x",
        "Connection: close",
        "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==",
        "sec-websocket-version: 8",
        "Sec-WebSocket-Protocol: x",
        "Origin: x"
      })
  void extraHeadersMustNotReplaceImplicitOnes(String header) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").header(header).build());
    assertTrue(e.getMessage().contains("must not replace"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"no colon", ":empty name", "bad name: v", "X-A: line\r\nbreak"})
  void malformedExtraHeadersAreRefused(String header) {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientConfig.builder().host("h").header(header).build());
  }

  @Test
  void badValuesNameTheSettingAndTheValue() {
    IllegalArgumentException port =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").port(70000).build());
    assertTrue(port.getMessage().contains("70000"), port.getMessage());
    IllegalArgumentException path =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").path("x y").build());
    assertTrue(path.getMessage().contains("'x y'"), path.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClientConfig.of("http://h/"));
    // A config without a host is valid (attachServer, NO_HTTP attach), but cannot be opened.
    IllegalArgumentException noHost =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebSocketClient.open(ClientConfig.builder().build()));
    assertTrue(noHost.getMessage().contains("host"), noHost.getMessage());
    IllegalArgumentException send =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").sendTimeoutMillis(-5).build());
    assertTrue(send.getMessage().contains("sendTimeoutMillis"), send.getMessage());
    IllegalArgumentException hostHeader =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").hostHeader("a b").build());
    assertTrue(hostHeader.getMessage().contains("'a b'"), hostHeader.getMessage());
    IllegalArgumentException buffers =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().host("h").buffers(new byte[100], new byte[1000]).build());
    assertTrue(buffers.getMessage().contains("100"), buffers.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientConfig.builder().host("h").subprotocol("a b").build());
  }

  @Test
  void ipLiteralsAreRecognized() {
    assertTrue(ClientConfig.isIpLiteral("127.0.0.1"));
    assertTrue(ClientConfig.isIpLiteral("::1"));
    assertTrue(ClientConfig.isIpLiteral("fe80::1"));
    assertFalse(ClientConfig.isIpLiteral("localhost"));
    assertFalse(ClientConfig.isIpLiteral("1.2.3"));
    assertFalse(ClientConfig.isIpLiteral("256.1.1.1"));
  }

  @Test
  void theConfigIsImmutableAndHoldsNoConnectionState() {
    for (java.lang.reflect.Field field : ClientConfig.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      assertTrue(
          java.lang.reflect.Modifier.isFinal(field.getModifiers()),
          field.getName() + " must be final");
      assertFalse(
          java.util.concurrent.atomic.AtomicBoolean.class.isAssignableFrom(field.getType())
              || javax.net.ssl.SSLContext.class.isAssignableFrom(field.getType())
              || Runnable.class.isAssignableFrom(field.getType()),
          field.getName() + " is connection state (" + field.getType().getSimpleName() + ")");
    }
  }

  @Test
  void callerBuffersServeOneConnectionAtATimeAndComeBackWhenItEnds() throws Exception {
    byte[] rx = new byte[1024];
    byte[] tx = new byte[1024];
    ClientConfig config = ClientConfig.builder().buffers(rx, tx).build();
    try (java.net.ServerSocket listener =
            new java.net.ServerSocket(0, 2, java.net.InetAddress.getLoopbackAddress());
        java.net.Socket a =
            new java.net.Socket(listener.getInetAddress(), listener.getLocalPort());
        java.net.Socket b =
            new java.net.Socket(listener.getInetAddress(), listener.getLocalPort())) {
      WebSocketClient first = WebSocketClient.attach(a, config, WebSocketClient.NO_HTTP);
      IllegalStateException busy =
          assertThrows(
              IllegalStateException.class,
              () -> WebSocketClient.attach(b, config, WebSocketClient.NO_HTTP));
      assertTrue(busy.getMessage().contains("buffers"), busy.getMessage());
      first.close(1000, "", 50); // the peer never answers: the connection is failed and ends
      WebSocketClient second = WebSocketClient.attach(b, config, WebSocketClient.NO_HTTP);
      assertTrue(second.isOpen());
      second.close(1000, "", 50);
    }
  }
}
