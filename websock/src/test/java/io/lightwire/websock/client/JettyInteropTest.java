package io.lightwire.websock.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightwire.testsupport.JettyPeer;
import io.lightwire.websock.protocol.CloseCodes;
import io.lightwire.websock.protocol.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our client against Jetty 12's WebSocket server, an independent implementation. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JettyInteropTest {

  private static JettyPeer peer;

  @BeforeAll
  static void startPeer() throws Exception {
    peer = JettyPeer.start();
  }

  @AfterAll
  static void stopPeer() {
    peer.close();
  }

  private static ClientConfig.Builder config() {
    return ClientConfig.builder().url("ws://127.0.0.1:" + peer.port() + "/echo");
  }

  /**
   * Waits for the peer to record {@code expected} (or {@code expected} plus more words); other
   * events are skipped.
   */
  private static void awaitEvent(String expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    java.util.List<String> skipped = new java.util.ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      String event = peer.events.poll(50, TimeUnit.MILLISECONDS);
      if (event != null && (event.equals(expected) || event.startsWith(expected + " "))) {
        return;
      }
      if (event != null) {
        skipped.add(event);
      }
    }
    org.junit.jupiter.api.Assertions.fail(
        "the peer never recorded '" + expected + "'; saw " + skipped);
  }

  @Test
  void textBinaryAndEmptyMessagesEchoUnchanged() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      byte[] buffer = new byte[4096];
      assertEquals(WebSocketClient.OK, client.sendText("héllo wörld €"));
      assertEquals("héllo wörld €", Messages.receive(client, buffer, 5_000).text());
      byte[] binary = {0, 1, 2, (byte) 0xFF, (byte) 0x80};
      assertEquals(WebSocketClient.OK, client.sendBinary(binary, 0, binary.length));
      Messages.Message echoed = Messages.receive(client, buffer, 5_000);
      assertEquals(WebSocketProtocol.OPCODE_BINARY, echoed.type());
      assertArrayEquals(binary, echoed.payload());
      client.sendText("");
      assertEquals("", Messages.receive(client, buffer, 5_000).text());
      client.sendBinary(new byte[0], 0, 0);
      Messages.Message empty = Messages.receive(client, buffer, 5_000);
      assertEquals(WebSocketProtocol.OPCODE_BINARY, empty.type());
      assertEquals(0, empty.payload().length);
      byte[] utf8 = "bytes as text ✓".getBytes(StandardCharsets.UTF_8);
      client.sendText(utf8, 0, utf8.length);
      assertEquals("bytes as text ✓", Messages.receive(client, buffer, 5_000).text());
    }
  }

  @Test
  void oneMebibyteMessagesArriveInPartsThroughASmallBuffer() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      byte[] big = new byte[1 << 20];
      new Random(1).nextBytes(big);
      client.sendBinary(big, 0, big.length);
      Messages.Message echoed = Messages.receive(client, new byte[1000], 10_000);
      assertArrayEquals(big, echoed.payload());
      assertTrue(echoed.deliveries() > 1000, "delivered in parts: " + echoed.deliveries());
      String text = "ab€".repeat((1 << 20) / 5);
      client.sendText(text);
      assertEquals(text, Messages.receive(client, new byte[8192], 10_000).text());
    }
  }

  @Test
  void fragmentedSendsAreReassembledByThePeer() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // split inside the character
      byte[] hello = "frag ".getBytes(StandardCharsets.UTF_8);
      int text = WebSocketProtocol.OPCODE_TEXT;
      client.sendFragment(text, hello, 0, hello.length, true, false);
      client.sendFragment(text, euro, 0, 1, false, false);
      client.ping(new byte[] {7}, 0, 1); // control frame between fragments
      client.sendFragment(text, euro, 1, 2, false, true);
      assertEquals("frag €", Messages.receive(client, new byte[64], 5_000).text());
      int binary = WebSocketProtocol.OPCODE_BINARY;
      client.sendFragment(binary, new byte[] {1, 2}, 0, 2, true, false);
      client.sendFragment(binary, new byte[] {3}, 0, 1, false, true);
      assertArrayEquals(
          new byte[] {1, 2, 3}, Messages.receive(client, new byte[64], 5_000).payload());
    }
  }

  @Test
  void fragmentedMessagesFromThePeerArriveAsContinuations() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      client.sendText("cmd:frag");
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[64];
      StringBuilder opcodes = new StringBuilder();
      java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
      do {
        int n = client.recv(header, buffer, 0, buffer.length, 5_000);
        assertTrue(n >= 0, "recv " + n);
        opcodes.append(header.opcode()).append(header.fin() ? "F" : "").append(' ');
        assertEquals(WebSocketProtocol.OPCODE_TEXT, header.messageType());
        text.write(buffer, 0, n);
      } while (!header.endOfMessage());
      assertEquals("1 0 0F ", opcodes.toString());
      assertEquals("frag-mént-ed", text.toString(StandardCharsets.UTF_8));
      client.sendText("cmd:binfrag");
      assertArrayEquals(new byte[] {1, 2, 3}, Messages.receive(client, buffer, 5_000).payload());
    }
  }

  @Test
  void pingsAreAnsweredAndPongsReported() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      client.sendText("cmd:ping"); // the peer pings us; recv answers it on the way
      byte[] payload = "ping!".getBytes(StandardCharsets.UTF_8);
      assertEquals(WebSocketClient.OK, client.ping(payload, 0, payload.length));
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[125];
      int n = client.recv(header, buffer, 0, buffer.length, 5_000);
      assertEquals(WebSocketProtocol.OPCODE_PONG, header.opcode());
      assertEquals("ping!", new String(buffer, 0, n, StandardCharsets.UTF_8));
      awaitEvent("pong are you there");
    }
  }

  @Test
  void clientCloseCodesReachThePeer() throws Exception {
    WebSocketClient client = WebSocketClient.open(config().build());
    assertTrue(client.close(4000, "bye now", 5_000), "clean close");
    awaitEvent("close 4000 bye now");
    assertEquals(4000, client.status().code(), "the peer echoes our code");
    assertFalse(client.isOpen());
    assertEquals(WebSocketClient.CLOSED, client.sendText("late"));
    WebSocketClient normal = WebSocketClient.open(config().build());
    assertTrue(normal.close(CloseCodes.NORMAL, "", 5_000));
    awaitEvent("close 1000");
  }

  @Test
  void peerCloseIsAnsweredAndReportedWithCodeAndReason() throws Exception {
    for (int code : new int[] {1000, 1001, 1011, 4001}) {
      WebSocketClient client = WebSocketClient.open(config().build());
      assertNull(client.status());
      client.sendText("cmd:close:" + code + ":reason " + code);
      MessageHeader header = new MessageHeader();
      byte[] buffer = new byte[64];
      assertEquals(0, client.recv(header, buffer, 0, buffer.length, 5_000));
      assertEquals(WebSocketProtocol.OPCODE_CLOSE, header.opcode());
      assertEquals(new CloseStatus(code, "reason " + code), client.status());
      assertEquals(WebSocketClient.CLOSED, client.recv(header, buffer, 0, buffer.length, 100));
      awaitEvent("close " + code);
      assertTrue(client.close(1000, "", 1_000), "already closed cleanly");
    }
  }

  @Test
  void subprotocolOriginAndExtraHeadersAreSent() throws Exception {
    ClientConfig config =
        config()
            .subprotocol("chat.v1")
            .subprotocol("chat.v2")
            .origin("http://device.local")
            .header("X-Lightwire: yes")
            .build();
    try (WebSocketClient client = WebSocketClient.open(config)) {
      assertEquals("chat.v2", client.subprotocol());
      awaitEvent("host 127.0.0.1:" + peer.port());
      awaitEvent("origin http://device.local");
      awaitEvent("x-lightwire yes");
    }
  }

  @Test
  void directAndHeapByteBuffersSendAndReceive() throws Exception {
    try (WebSocketClient client = WebSocketClient.open(config().build())) {
      ByteBuffer out = ByteBuffer.allocateDirect(300);
      for (int i = 0; i < 300; i++) {
        out.put((byte) i);
      }
      out.flip();
      client.sendBinary(out);
      assertEquals(300, out.position());
      ByteBuffer in = ByteBuffer.allocateDirect(300);
      MessageHeader header = new MessageHeader();
      while (in.hasRemaining()) {
        int n = client.recv(header, in, 5_000);
        assertTrue(n >= 0, "recv " + n);
      }
      in.flip();
      out.flip();
      assertEquals(out, in);
    }
  }

  @Test
  void receiveLoopDeliversToTheListenerAndStopsCleanly() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    WebSocketClient client = WebSocketClient.open(config().build());
    ReceiveLoop loop =
        client.startReceiveLoop(
            new WebSocketListener() {
              @Override
              public void onText(byte[] b, int off, int len, boolean last) {
                seen.add("text " + new String(b, off, len, StandardCharsets.UTF_8) + " " + last);
              }

              @Override
              public void onBinary(byte[] b, int off, int len, boolean last) {
                seen.add("binary " + len + " " + last);
              }

              @Override
              public void onPong(byte[] b, int off, int len) {
                seen.add("pong " + len);
              }

              @Override
              public void onClose(int code, String reason) {
                seen.add("close " + code + " " + reason);
              }
            });
    client.sendText("loop");
    assertEquals("text loop true", seen.poll(5, TimeUnit.SECONDS));
    client.sendBinary(new byte[3], 0, 3);
    assertEquals("binary 3 true", seen.poll(5, TimeUnit.SECONDS));
    client.ping(new byte[2], 0, 2);
    assertEquals("pong 2", seen.poll(5, TimeUnit.SECONDS));
    loop.stop();
    assertFalse(loop.isRunning());
    ReceiveLoop second =
        client.startReceiveLoop(
            new WebSocketListener() {
              @Override
              public void onText(byte[] b, int off, int len, boolean last) {}

              @Override
              public void onBinary(byte[] b, int off, int len, boolean last) {}

              @Override
              public void onClose(int code, String reason) {
                seen.add("close " + code + " " + reason);
              }
            });
    client.sendText("cmd:close:1001:going");
    assertEquals("close 1001 going", seen.poll(5, TimeUnit.SECONDS));
    assertTrue(second.join(2_000), "the loop ends after the close");
  }
}
