package io.lightwire.websock.client;

import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_BINARY;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_CLOSE;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PING;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_PONG;
import static io.lightwire.websock.protocol.WebSocketProtocol.OPCODE_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.websock.protocol.WebSocketProtocolException;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client behaviour against a hand-driven server: handshake checks, recv semantics, violations. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClientProtocolTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestCarriesExactlyTheImplicitHeadersAndAFreshKey() throws Exception {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      try (RawPeer peer = new RawPeer()) {
        Future<WebSocketClient> client = peer.startOpen(peer.config().path("/chat?room=1").build());
        String request = peer.readRequest();
        String[] lines = request.split("\r\n");
        assertEquals("GET /chat?room=1 HTTP/1.1", lines[0]);
        assertEquals("Host: 127.0.0.1:" + peer.port(), lines[1]);
        assertEquals("Upgrade: websocket", lines[2]);
        assertEquals("Connection: Upgrade", lines[3]);
        assertTrue(lines[4].startsWith("Sec-WebSocket-Key: "), lines[4]);
        String key = lines[4].substring("Sec-WebSocket-Key: ".length());
        assertEquals(16, Base64.getDecoder().decode(key).length);
        keys.add(key);
        assertEquals("Sec-WebSocket-Version: 13", lines[5]);
        assertEquals(6, lines.length, request);
        peer.write(RawPeer.upgradeResponse(request, ""));
        client.get(5, TimeUnit.SECONDS).close(1000, "", 100);
      }
    }
    assertEquals(2, keys.size(), "every connection sends a new random key");
  }

  @Test
  void hostHeaderCarriesThePortOnlyWhenNotTheDefault() {
    assertTrue(
        template(ClientConfig.of("ws://example.org/x")).contains("\r\nHost: example.org\r\n"));
    assertTrue(
        template(ClientConfig.of("wss://example.org:443/")).contains("\r\nHost: example.org\r\n"));
    assertTrue(
        template(ClientConfig.of("wss://example.org:80/"))
            .contains("\r\nHost: example.org:80\r\n"));
    assertTrue(template(ClientConfig.of("ws://[::1]:8080/")).contains("\r\nHost: [::1]:8080\r\n"));
    assertEquals("::1", ClientConfig.of("ws://[::1]:8080/").connectHost());
  }

  private static String template(ClientConfig config) {
    return new String(config.requestTemplate[0], StandardCharsets.ISO_8859_1);
  }

  @Test
  void non101AnswerIsAHandshakeErrorWithStatusAndReason() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      Future<WebSocketClient> client = peer.startOpen(peer.config().build());
      peer.readRequest();
      peer.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> client.get(5, TimeUnit.SECONDS));
      HandshakeException h = (HandshakeException) e.getCause();
      assertEquals(404, h.status());
      assertEquals("Not Found", h.reason());
    }
  }

  @Test
  void wrongAcceptMissingHeadersAndUnofferedChoicesAreRefused() throws Exception {
    String[][] cases = {
      {
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
        "Sec-WebSocket-Accept must be"
      },
      {"@101@", "Upgrade: websocket"},
      {"@101@Sec-WebSocket-Protocol: mqtt\r\n", "Sec-WebSocket-Protocol must be one of"},
      {"@101@Sec-WebSocket-Extensions: permessage-deflate\r\n", "no extension was offered"},
    };
    for (String[] c : cases) {
      try (RawPeer peer = new RawPeer()) {
        Future<WebSocketClient> client = peer.startOpen(peer.config().subprotocol("chat").build());
        String request = peer.readRequest();
        String response = c[0];
        if (response.startsWith("@101@")) {
          response = RawPeer.upgradeResponse(request, response.substring(5));
          if (c[1].startsWith("Upgrade")) {
            response = response.replace("Upgrade: websocket\r\n", "");
          }
        }
        peer.write(response);
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> client.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof HandshakeException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains(c[1]), e.getCause().getMessage());
        assertEquals(101, ((HandshakeException) e.getCause()).status());
      }
    }
  }

  @Test
  void handshakeTimeoutIsAHandshakeError() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      long start = System.nanoTime();
      Future<WebSocketClient> client =
          peer.startOpen(peer.config().handshakeTimeoutMillis(300).build());
      peer.readRequest(); // and never answer
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> client.get(5, TimeUnit.SECONDS));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(
          e.getCause().getMessage().contains("within the timeout"), e.getCause().getMessage());
      assertTrue(millis >= 250 && millis < 3_000, "timed out after " + millis + " ms");
    }
  }

  @Test
  void framesSentRightAfterThe101AreDelivered() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      Future<WebSocketClient> opening = peer.startOpen(peer.config().build());
      String request = peer.readRequest();
      byte[] response = RawPeer.upgradeResponse(request, "").getBytes(StandardCharsets.ISO_8859_1);
      byte[] both = new byte[response.length + 4];
      System.arraycopy(response, 0, both, 0, response.length);
      System.arraycopy(new byte[] {(byte) 0x81, 2, 'h', 'i'}, 0, both, response.length, 4);
      peer.write(both); // one write: the frame arrives with the response
      WebSocketClient client = opening.get(5, TimeUnit.SECONDS);
      byte[] buffer = new byte[16];
      MessageHeader header = new MessageHeader();
      assertEquals(2, client.recv(header, buffer, 0, 16, 1_000));
      assertEquals("hi", new String(buffer, 0, 2, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void frameLargerThanTheBufferIsDeliveredInPartsWithRemaining() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      peer.sendFrame(true, OPCODE_BINARY, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, false);
      MessageHeader h = new MessageHeader();
      byte[] buffer = new byte[4];
      assertEquals(4, client.recv(h, buffer, 0, 4, 1_000));
      assertEquals(10, h.payloadLength());
      assertEquals(6, h.remaining());
      assertFalse(h.endOfMessage());
      assertEquals(4, client.recv(h, buffer, 0, 4, 1_000));
      assertEquals(2, h.remaining());
      assertEquals(2, client.recv(h, buffer, 0, 4, 1_000));
      assertArrayEquals(new byte[] {8, 9}, java.util.Arrays.copyOf(buffer, 2));
      assertEquals(0, h.remaining());
      assertTrue(h.fin());
      assertTrue(h.endOfMessage());
      assertEquals(OPCODE_BINARY, h.opcode());
    }
  }

  @Test
  void timeoutIsADistinctResultAndLosesNothing() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      MessageHeader h = new MessageHeader();
      byte[] buffer = new byte[16];
      long start = System.nanoTime();
      assertEquals(WebSocketClient.TIMEOUT, client.recv(h, buffer, 0, 16, 150));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 100 && millis < 2_000, "waited " + millis + " ms");
      assertEquals(-1, h.opcode());
      assertEquals(WebSocketClient.TIMEOUT, client.recv(h, buffer, 0, 16, 0), "a 0 ms poll");
      peer.write(new byte[] {(byte) 0x81, 5, 'a'}); // header and one byte of five
      assertEquals(1, client.recv(h, buffer, 0, 16, 1_000));
      assertEquals(4, h.remaining());
      assertEquals(WebSocketClient.TIMEOUT, client.recv(h, buffer, 0, 16, 100));
      peer.write(new byte[] {'b', 'c', 'd', 'e'});
      assertEquals(4, client.recv(h, buffer, 0, 16, 1_000));
      assertEquals("bcde", new String(buffer, 0, 4, StandardCharsets.US_ASCII));
      assertTrue(h.endOfMessage());
    }
  }

  @Test
  void pingIsAnsweredWithAMaskedPongAndNotReported() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      peer.sendFrame(true, OPCODE_PING, utf8("abc"), false);
      assertEquals(
          WebSocketClient.TIMEOUT, client.recv(new MessageHeader(), new byte[8], 0, 8, 200));
      RawPeer.Frame pong = peer.readFrame();
      assertEquals(OPCODE_PONG, pong.opcode());
      assertTrue(pong.masked());
      assertNotEquals(0, pong.maskKey());
      assertEquals("abc", pong.text());
    }
  }

  @Test
  void everyFrameIsMaskedWithAFreshKey() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      Set<Integer> keys = new HashSet<>();
      for (int i = 0; i < 64; i++) {
        client.sendText("m" + i);
        RawPeer.Frame frame = peer.readFrame();
        assertTrue(frame.masked());
        assertEquals("m" + i, frame.text());
        keys.add(frame.maskKey());
      }
      assertEquals(64, keys.size(), "64 frames, 64 different keys");
    }
  }

  @Test
  void peerCloseIsAnsweredWithItsCodeAndReportedByStatus() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      byte[] close = {0x03, (byte) 0xE9, 'b', 'y', 'e'}; // 1001 "bye"
      peer.sendFrame(true, OPCODE_CLOSE, close, false);
      MessageHeader h = new MessageHeader();
      assertEquals(0, client.recv(h, new byte[8], 0, 8, 1_000));
      assertEquals(OPCODE_CLOSE, h.opcode());
      assertEquals(new CloseStatus(1001, "bye"), client.status());
      RawPeer.Frame answer = peer.readFrame();
      assertEquals(OPCODE_CLOSE, answer.opcode());
      assertEquals(1001, answer.closeCode());
      peer.assertEof();
      assertEquals(WebSocketClient.CLOSED, client.recv(h, new byte[8], 0, 8, 10));
      assertEquals(WebSocketClient.CLOSED, client.sendBinary(new byte[1], 0, 1));
    }
  }

  @Test
  void emptyCloseIsAnsweredEmptyAndReportedAs1005() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      peer.sendFrame(true, OPCODE_CLOSE, new byte[0], false);
      assertEquals(0, client.recv(new MessageHeader(), new byte[8], 0, 8, 1_000));
      assertEquals(new CloseStatus(1005, ""), client.status());
      assertEquals(0, peer.readFrame().payload().length);
    }
  }

  @Test
  void clientCloseWaitsForThePeersCloseOrTheTimeout() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      peer.sendFrame(true, OPCODE_TEXT, utf8("discarded while closing"), false);
      Future<Boolean> closing =
          java.util.concurrent.Executors.newSingleThreadExecutor()
              .submit(() -> client.close(3000, "done", 5_000));
      RawPeer.Frame close = peer.readFrame();
      assertEquals(3000, close.closeCode());
      assertEquals("done", new String(close.payload(), 2, 4, StandardCharsets.UTF_8));
      peer.sendFrame(true, OPCODE_CLOSE, new byte[] {0x0B, (byte) 0xB8}, false);
      assertTrue(closing.get(5, TimeUnit.SECONDS), "clean close");
    }
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      long start = System.nanoTime();
      assertFalse(client.close(1000, "", 200), "no answer: not clean");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 150 && millis < 3_000, "waited " + millis + " ms");
      assertEquals(1006, client.status().code());
    }
  }

  @Test
  void protocolViolationsFailTheConnectionWithTheRfcCode() throws Exception {
    Object[][] cases = {
      {new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'}, 1002, "must not be masked"},
      {new byte[] {(byte) 0x81, 2, (byte) 0xC0, (byte) 0x80}, 1007, "UTF-8"},
      {new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xED}, 1002, "1005"},
      {new byte[] {(byte) 0xC1, 0}, 1002, "RSV"},
      {new byte[] {(byte) 0x82, 0x7E, 0x01, 0x00}, 1009, "at most 200"},
    };
    for (Object[] c : cases) {
      try (RawPeer peer = new RawPeer()) {
        WebSocketClient client = peer.open(peer.config().maxPayload(200, 400).build());
        peer.write((byte[]) c[0]);
        WebSocketProtocolException e =
            assertThrows(
                WebSocketProtocolException.class,
                () -> client.recv(new MessageHeader(), new byte[64], 0, 64, 2_000));
        assertEquals((int) c[1], e.closeCode());
        assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
        RawPeer.Frame close = peer.readFrame();
        assertEquals(OPCODE_CLOSE, close.opcode());
        assertEquals((int) c[1], close.closeCode(), "the client sends the RFC close code");
        peer.assertEof();
        assertFalse(client.isOpen());
      }
    }
  }

  @Test
  void textOnlySocketRefusesBinaryWith1003() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client =
          peer.open(peer.config().messageTypes(WebSocketClient.TEXT_ONLY).build());
      peer.sendFrame(true, OPCODE_TEXT, utf8("ok"), false);
      assertEquals(2, client.recv(new MessageHeader(), new byte[8], 0, 8, 1_000));
      peer.sendFrame(true, OPCODE_BINARY, new byte[] {1}, false);
      peer.expectViolation(client, 1003);
    }
  }

  @Test
  void connectionLostWithoutCloseIs1006() throws Exception {
    WebSocketClient client;
    try (RawPeer peer = new RawPeer()) {
      client = peer.open(peer.config().build());
    }
    assertThrows(
        EOFException.class, () -> client.recv(new MessageHeader(), new byte[8], 0, 8, 2_000));
    assertEquals(1006, client.status().code());
  }

  @Test
  void callerMistakesAreRefusedWithTheRule() throws Exception {
    try (RawPeer peer = new RawPeer()) {
      WebSocketClient client = peer.open(peer.config().build());
      IllegalArgumentException badText =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.sendText(new byte[] {(byte) 0xC0, 0x41}, 0, 2));
      assertTrue(badText.getMessage().contains("UTF-8"), badText.getMessage());
      assertThrows(IllegalArgumentException.class, () -> client.sendText("\uD800x"));
      assertEquals(WebSocketClient.TOO_BIG, client.ping(new byte[126], 0, 126));
      assertThrows(
          IllegalStateException.class,
          () -> client.sendFragment(OPCODE_TEXT, new byte[1], 0, 1, false, true));
      client.sendFragment(OPCODE_BINARY, new byte[1], 0, 1, true, false);
      assertThrows(IllegalStateException.class, () -> client.sendText("whole"));
      assertThrows(
          IllegalStateException.class,
          () -> client.sendFragment(OPCODE_TEXT, new byte[1], 0, 1, false, true));
      client.sendFragment(OPCODE_BINARY, new byte[1], 0, 1, false, true);
      assertThrows(IllegalArgumentException.class, () -> client.close(1005, "reason", 10));
      assertThrows(IllegalArgumentException.class, () -> client.close(999, "", 10));
      assertThrows(IllegalArgumentException.class, () -> client.close(1000, "x".repeat(124), 10));
      assertThrows(IllegalStateException.class, () -> client.detachChannel(10));
    }
  }
}
